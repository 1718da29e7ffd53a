import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { FrameworkVersion, HistoryEvent } from '@registry/contract';
import { frameworkStreamId, versionInForce } from '@registry/domain';
import { HistoryService } from '../history/history.service';
import { FrameworkView } from './framework.view';

@Resolver('Framework')
export class FrameworkFieldsResolver {
  constructor(private readonly history: HistoryService) {}

  @ResolveField('history')
  historyOf(@Parent() framework: FrameworkView): Promise<HistoryEvent[]> {
    return this.history.of(frameworkStreamId(framework.id));
  }

  /** The version in force at `asOf` (the field's, else the `frameworks` query's, else now), by the domain's rule. */
  @ResolveField('versionInForce')
  versionInForce(@Parent() framework: FrameworkView, @Args('asOf') asOf: Date | null): FrameworkVersion | null {
    const at = asOf ?? framework.asOf ?? new Date();
    const inForce = versionInForce(framework.domainVersions, at.toISOString());
    return inForce ? (framework.versions.find((v) => v.version === inForce.version) ?? null) : null;
  }
}
