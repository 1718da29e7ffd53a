import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { CertificationContextService } from '../../certification-context.service';
import { AmendCertificationScopeCommand } from './amend-certification-scope.command';

/** An amendment needs the certifier accredited for the *new* use cases now, and results against the certified HK-AI version. */
@CommandHandler(AmendCertificationScopeCommand)
export class AmendCertificationScopeHandler implements ICommandHandler<AmendCertificationScopeCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: CertificationContextService,
  ) {}

  async execute({ data, metadata }: AmendCertificationScopeCommand): Promise<AppendResult> {
    const request = {
      certificationId: data.certificationId,
      scope: { useCases: [...data.scope.useCases], riskTier: data.scope.riskTier },
      results: data.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
    };
    return this.shell.execute(
      certificationStreamId(data.certificationId),
      certificationDecider,
      {
        request: { type: 'AmendCertificationScope', data: request },
        build: async ({ issuedAt, read }) => ({
          type: 'AmendCertificationScope' as const,
          data: { ...request, context: await this.context.forExisting(data.certificationId, issuedAt, request.scope.useCases, read) },
          actor: metadata.actor,
          issuedAt,
        }),
      },
      metadata,
    );
  }
}
