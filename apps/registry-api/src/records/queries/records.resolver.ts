import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent } from '@registry/contract';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { Loaders, RequestLoaders } from '../../graphql/loaders';
import { ConditionEvidenceView, DataTransferBasisView, HistorySource, WeightsLocalizationView } from '../records.views';
import { GetConditionEvidenceQuery } from './get-condition-evidence/get-condition-evidence.query';
import { GetDataTransferBasisQuery } from './get-data-transfer-basis/get-data-transfer-basis.query';
import { GetWeightsLocalizationQuery } from './get-weights-localization/get-weights-localization.query';

/** The records' public queries. */
@Resolver()
export class RecordsQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('weightsLocalization')
  weightsLocalization(
    @Args('modelId') modelId: string,
    @Args('version') version: string,
    @RequestCtx() ctx: RequestContext,
  ): Promise<WeightsLocalizationView | null> {
    return this.queries.execute(new GetWeightsLocalizationQuery(modelId, version, ctx.actor));
  }

  @Query('dataTransferBasis')
  dataTransferBasis(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<DataTransferBasisView | null> {
    return this.queries.execute(new GetDataTransferBasisQuery(id, ctx.actor));
  }

  @Query('conditionEvidence')
  conditionEvidence(
    @Args('equivalenceId') equivalenceId: string,
    @Args('modelId') modelId: string,
    @Args('version') version: string,
  ): Promise<ConditionEvidenceView | null> {
    return this.queries.execute(new GetConditionEvidenceQuery(equivalenceId, modelId, version));
  }
}

const historyOf = (loaders: RequestLoaders, source: HistorySource) => loaders.historyOf(source.streamId, source.entitled, source.knownAt);

@Resolver('WeightsLocalization')
export class WeightsLocalizationFieldsResolver {
  @ResolveField('history') historyOf(@Parent() view: WeightsLocalizationView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return historyOf(loaders, view.source);
  }
}

@Resolver('DataTransferBasis')
export class DataTransferBasisFieldsResolver {
  @ResolveField('history') historyOf(@Parent() view: DataTransferBasisView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return historyOf(loaders, view.source);
  }
}

@Resolver('ConditionEvidence')
export class ConditionEvidenceFieldsResolver {
  @ResolveField('history') historyOf(@Parent() view: ConditionEvidenceView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return historyOf(loaders, view.source);
  }
}
