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
    const { accreditationCovers } = await this.context.forExisting(data.certificationId, metadata.issuedAt);
    return this.shell.execute(
      certificationStreamId(data.certificationId),
      certificationDecider,
      {
        type: 'RenewCertification',
        data: { certificationId: data.certificationId, validUntil: data.validUntil.toISOString(), context: { accreditationCovers } },
        actor: metadata.actor,
        issuedAt: metadata.issuedAt,
      },
      metadata,
    );
  }
}
