import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent } from '@registry/contract';
import { modelStreamId } from '@registry/domain';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { Loaders, RequestLoaders } from '../../graphql/loaders';
import { CertificationView } from '../../certifications/certification.view';
import { ListCertificationsQuery } from '../../certifications/queries/list-certifications/list-certifications.query';
import { ModelVersionView, ModelView } from '../model.view';
import { GetModelQuery } from './get-model/get-model.query';

@Resolver('Model')
export class ModelsQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('model')
  model(@Args('id') id: string): Promise<ModelView | null> {
    return this.queries.execute(new GetModelQuery(id));
  }

  /** Model events carry no restricted fields. */
  @ResolveField('history')
  historyOf(@Parent() model: ModelView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(modelStreamId(model.id), true, model.knownAt);
  }
}

/** A version's certifications, from the certifications read model, all of them (page after page). */
@Resolver('ModelVersion')
export class ModelVersionFieldsResolver {
  constructor(private readonly queries: QueryBus) {}

  @ResolveField('certifications')
  async certifications(@Parent() version: ModelVersionView, @RequestCtx() ctx: RequestContext): Promise<CertificationView[]> {
    const all: CertificationView[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.queries.execute(new ListCertificationsQuery({ modelId: version.modelId, modelVersion: version.version }, 100, after, ctx.actor));
      all.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return all;
      after = page.edges[page.edges.length - 1].node.id;
    }
  }
}
