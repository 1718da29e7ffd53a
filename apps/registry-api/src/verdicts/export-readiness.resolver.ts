import { Args, Query, Resolver } from '@nestjs/graphql';
import { ExportReadiness } from '@registry/contract';
import { ExportReadinessInput } from './export-readiness.input';
import { VerdictService } from './verdict.service';
import { toExportReadiness } from './export-readiness.view';

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
    return toExportReadiness(verdict, asOf, computedAt);
  }
}
