import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent } from '@registry/contract';
import { Loaders, RequestLoaders } from '../../graphql/loaders';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { TrainingDataProvenanceView } from '../provenance.view';
import { GetTrainingDataProvenanceQuery } from './get-training-data-provenance.query';

@Resolver()
export class ProvenanceQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('trainingDataProvenance')
  provenance(
    @Args('modelId') modelId: string,
    @Args('version') version: string,
    @RequestCtx() ctx: RequestContext,
  ): Promise<TrainingDataProvenanceView | null> {
    return this.queries.execute(new GetTrainingDataProvenanceQuery(modelId, version, ctx.actor));
  }
}

@Resolver('TrainingDataProvenance')
export class TrainingDataProvenanceFieldsResolver {
  @ResolveField('history') history(@Parent() view: TrainingDataProvenanceView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(view.source.streamId, view.source.entitled, view.source.knownAt);
  }
}
