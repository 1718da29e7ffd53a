import { Args, Query, Resolver } from '@nestjs/graphql';
import { ExportReadiness } from '@registry/contract';
import { formatPosition } from '@registry/event-store';
import { ExportReadinessInput } from './export-readiness.input';
import { VerdictService } from './verdict.service';

@Resolver('ExportReadiness')
export class ExportReadinessResolver {
  constructor(private readonly verdicts: VerdictService) {}

  @Query('exportReadiness')
  async exportReadiness(@Args('input') input: ExportReadinessInput): Promise<ExportReadiness> {
    const asOf = (input.asOf ?? new Date()).toISOString();
    const { verdict, computedAt } = await this.verdicts.judge(
      { modelId: input.modelId, version: input.version, jurisdiction: input.jurisdiction, useCase: input.useCase, asOf },
      input.knownAt ?? undefined,
    );
    return {
      ...verdict.query,
      asOf: new Date(asOf),
      computedAt: formatPosition(computedAt),
      status: verdict.status as ExportReadiness['status'],
      blocker: verdict.blocker as ExportReadiness['blocker'],
      modelVersionDeprecated: verdict.modelVersionDeprecated,
      frameworks: [...verdict.frameworks],
      lines: verdict.lines.map((l) => ({ ...l, unmetConditions: [...l.unmetConditions], evidence: [...l.evidence] })) as ExportReadiness['lines'],
      integrity: verdict.integrity.map((f) => ({ ...f, evidence: [...f.evidence] })) as ExportReadiness['integrity'],
      validUntil: verdict.validUntil ? new Date(verdict.validUntil) : null,
    };
  }
}
