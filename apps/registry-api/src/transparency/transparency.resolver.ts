import canonicalize from 'canonicalize';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ConsistencyProof as ConsistencyProofView, InclusionProof as InclusionProofView, LogCheckpoint } from '@registry/contract';
import { TransparencyLog } from './transparency-log.service';
import { RequestContext, RequestCtx } from '../graphql/request-context';
import { canSeeRestricted } from '../auth/visibility';

/** `logCheckpoint`, `inclusionProof`, `consistencyProof`: public reads; arguments are checked by the service. */
@Resolver()
export class TransparencyResolver {
  constructor(private readonly log: TransparencyLog) {}

  @Query('logCheckpoint')
  async logCheckpoint(): Promise<LogCheckpoint | null> {
    return this.log.latestCheckpoint();
  }

  @Query('inclusionProof')
  async inclusionProof(
    @Args('eventId') eventId: string | null | undefined,
    @Args('leafIndex') leafIndex: number | null | undefined,
    @Args('treeSize') treeSize: number,
    @RequestCtx() ctx: RequestContext,
  ): Promise<InclusionProofView> {
    // Disclosures (every hidden value of the entry with its salt) only to those who see all restricted data: the
    // registrar and regulators. A firm or certifier entitled to one event's values reads them from its history.
    const proof = await this.log.inclusionProofOf({ eventId, leafIndex }, treeSize, () => canSeeRestricted(ctx.actor, {}));
    return { ...proof, disclosures: proof.disclosures?.map((d) => ({ path: d.path, salt: d.salt, value: canonicalize(d.value) ?? 'null' })) ?? null };
  }

  @Query('consistencyProof')
  consistencyProof(@Args('first') first: number, @Args('second') second: number): Promise<ConsistencyProofView> {
    return this.log.consistencyProof(first, second);
  }
}
