import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent } from '@registry/contract';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { HistoryService } from '../../history/history.service';
import { ConditionEvidenceView, DataTransferBasisView, HistorySource, WeightsLocalizationView } from '../records.views';
import { GetConditionEvidenceQuery } from './get-condition-evidence/get-condition-evidence.query';
import { GetDataTransferBasisQuery } from './get-data-transfer-basis/get-data-transfer-basis.query';
import { GetWeightsLocalizationQuery } from './get-weights-localization/get-weights-localization.query';

/** The records' public queries. */
@Resolver()
export class RecordsQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('weightsLocalization')
  weightsLocalization(@Args('modelId') modelId: string, @Args('version') version: string, @RequestCtx() ctx: RequestContext): Promise<WeightsLocalizationView | null> {
    return this.queries.execute(new GetWeightsLocalizationQuery(modelId, version, ctx.actor));
  }

  @Query('dataTransferBasis')
  dataTransferBasis(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<DataTransferBasisView | null> {
    return this.queries.execute(new GetDataTransferBasisQuery(id, ctx.actor));
  }

  @Query('conditionEvidence')
  conditionEvidence(@Args('equivalenceId') equivalenceId: string, @Args('modelId') modelId: string, @Args('version') version: string): Promise<ConditionEvidenceView | null> {
    return this.queries.execute(new GetConditionEvidenceQuery(equivalenceId, modelId, version));
  }
}

const historyOf = (history: HistoryService, source: HistorySource) => history.of(source.streamId, source.entitled);

@Resolver('WeightsLocalization')
export class WeightsLocalizationFieldsResolver {
  constructor(private readonly history: HistoryService) {}
  @ResolveField('history') historyOf(@Parent() view: WeightsLocalizationView): Promise<HistoryEvent[]> {
    return historyOf(this.history, view.source);
  }
}

@Resolver('DataTransferBasis')
export class DataTransferBasisFieldsResolver {
  constructor(private readonly history: HistoryService) {}
  @ResolveField('history') historyOf(@Parent() view: DataTransferBasisView): Promise<HistoryEvent[]> {
    return historyOf(this.history, view.source);
  }
}

@Resolver('ConditionEvidence')
export class ConditionEvidenceFieldsResolver {
  constructor(private readonly history: HistoryService) {}
  @ResolveField('history') historyOf(@Parent() view: ConditionEvidenceView): Promise<HistoryEvent[]> {
    return historyOf(this.history, view.source);
  }
}
