import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { CertificationContextService } from '../../certification-context.service';
import { ReinstateCertificationCommand } from './reinstate-certification.command';

/** A reinstatement needs the certifier still accredited for the certification's framework version and use cases now. */
@CommandHandler(ReinstateCertificationCommand)
export class ReinstateCertificationHandler implements ICommandHandler<ReinstateCertificationCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: CertificationContextService,
  ) {}

  execute({ data, metadata }: ReinstateCertificationCommand): Promise<AppendResult> {
    return this.shell.execute(
      certificationStreamId(data.certificationId),
      certificationDecider,
      {
        request: { type: 'ReinstateCertification', data },
        build: async ({ issuedAt, read }) => {
          const { accreditationCovers } = await this.context.forExisting(data.certificationId, issuedAt, undefined, read);
          return { type: 'ReinstateCertification' as const, data: { ...data, context: { accreditationCovers } }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
