import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { CertificationContextService } from '../../certification-context.service';
import { RenewCertificationCommand } from './renew-certification.command';

/** A renewal needs the certifier still accredited for the certification's framework version and use cases now. */
@CommandHandler(RenewCertificationCommand)
export class RenewCertificationHandler implements ICommandHandler<RenewCertificationCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: CertificationContextService,
  ) {}

  async execute({ data, metadata }: RenewCertificationCommand): Promise<AppendResult> {
    const request = { certificationId: data.certificationId, validUntil: data.validUntil.toISOString() };
    return this.shell.execute(
      certificationStreamId(data.certificationId),
      certificationDecider,
      {
        request: { type: 'RenewCertification', data: request },
        build: async ({ issuedAt, read }) => {
          const { accreditationCovers } = await this.context.forExisting(data.certificationId, issuedAt, undefined, read);
          return { type: 'RenewCertification' as const, data: { ...request, context: { accreditationCovers } }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
