import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { certificationDecider, certificationStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { CertificationContextService } from '../../certification-context.service';
import { IssueCertificationCommand } from './issue-certification.command';

/** Looks up the version's digest, the certifier's cover at the time of issue and the HK-AI requirement ids; the decider judges. */
@CommandHandler(IssueCertificationCommand)
export class IssueCertificationHandler implements ICommandHandler<IssueCertificationCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: CertificationContextService,
  ) {}

  async execute({ data, metadata }: IssueCertificationCommand): Promise<AppendResult> {
    const request = {
      certificationId: data.certificationId,
          certifierId: data.certifierId,
          modelId: data.modelId,
          modelVersion: data.modelVersion,
          weightsDigest: data.weightsDigest,
          frameworkVersion: data.frameworkVersion,
          scope: { useCases: [...data.scope.useCases], riskTier: data.scope.riskTier },
          results: data.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
          auditReportDigest: data.auditReportDigest,
          validFrom: data.validFrom.toISOString(),
          validUntil: data.validUntil.toISOString(),
    };
    return this.shell.execute(
      certificationStreamId(data.certificationId),
      certificationDecider,
      {
        request: { type: 'IssueCertification', data: request },
        build: async ({ issuedAt, read }) => ({
          type: 'IssueCertification' as const,
          data: { ...request, context: await this.context.forIssue({ ...request, useCases: request.scope.useCases }, issuedAt, read) },
          actor: metadata.actor,
          issuedAt,
        }),
      },
      metadata,
    );
  }
}
