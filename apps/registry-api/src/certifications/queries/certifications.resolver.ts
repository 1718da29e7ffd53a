import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { HistoryEvent } from '@registry/contract';
import { RequestContext, RequestCtx } from '../../graphql/request-context';
import { decodeCursor, pageSize } from '../../graphql/pagination';
import { Loaders, RequestLoaders } from '../../graphql/loaders';
import { CertifierView } from '../../certifiers/certifier.view';
import { CertificationView } from '../certification.view';
import { GetCertificationQuery } from './get-certification/get-certification.query';
import { CertificationsArgs } from './list-certifications/certifications.args';
import { CertificationPage, ListCertificationsQuery } from './list-certifications/list-certifications.query';
import { badInput } from '@registry/kernel';

/** `certification` and `certifications`: public reads; restricted fields by the caller's entitlement. */
@Resolver('Certification')
export class CertificationsQueryResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query('certification')
  certification(@Args('id') id: string, @RequestCtx() ctx: RequestContext): Promise<CertificationView | null> {
    return this.queries.execute(new GetCertificationQuery(id, ctx.actor));
  }

  @Query('certifications')
  certifications(@Args() args: CertificationsArgs, @RequestCtx() ctx: RequestContext): Promise<CertificationPage> {
    if (args.modelVersion != null && args.modelId == null) throw badInput('INPUT.INVALID', 'modelVersion needs modelId', { field: 'modelVersion' });
    const filter = {
      modelId: args.modelId ?? undefined,
      modelVersion: args.modelVersion ?? undefined,
      firmId: args.firmId ?? undefined,
      certifierId: args.certifierId ?? undefined,
      frameworkVersion: args.frameworkVersion ?? undefined,
      status: args.status ?? undefined,
    };
    return this.queries.execute(new ListCertificationsQuery(filter, pageSize(args.first), decodeCursor(args.after), ctx.actor));
  }

  @ResolveField('history')
  historyOf(@Parent() view: CertificationView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(view.source.streamId, view.source.entitled, view.source.knownAt);
  }

  @ResolveField('certifier')
  certifier(@Parent() view: CertificationView, @Loaders() loaders: RequestLoaders): Promise<CertifierView | null> {
    return loaders.certifier(view.certifierId);
  }
}
