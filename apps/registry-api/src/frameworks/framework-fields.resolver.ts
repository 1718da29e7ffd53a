import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FrameworkVersion, HistoryEvent } from '@registry/contract';
import { frameworkStreamId, versionInForce } from '@registry/domain';
import { Loaders, RequestLoaders } from '../graphql/loaders';
import { FrameworkView } from './framework.view';

@Resolver('Framework')
export class FrameworkFieldsResolver {
  @ResolveField('history')
  historyOf(@Parent() framework: FrameworkView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(frameworkStreamId(framework.id), true, framework.knownAt);
  }

  /** The version in force at `asOf` (the field's, else the `frameworks` query's, else now), by the domain's rule. */
  @ResolveField('versionInForce')
  versionInForce(@Parent() framework: FrameworkView, @Args('asOf') asOf: Date | null): FrameworkVersion | null {
    const at = asOf ?? framework.asOf ?? new Date();
    const inForce = versionInForce(framework.domainVersions, at.toISOString());
    return inForce ? (framework.versions.find((v) => v.version === inForce.version) ?? null) : null;
  }
}
