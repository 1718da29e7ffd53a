import { Args, Query, Resolver } from '@nestjs/graphql';
import { ConsistencyProof as ConsistencyProofView, InclusionProof as InclusionProofView, LogCheckpoint } from '@registry/contract';
import { TransparencyLog } from './transparency-log.service';

/** `logCheckpoint`, `inclusionProof`, `consistencyProof`: public reads; arguments are checked by the service. */
@Resolver()
export class TransparencyResolver {
  constructor(private readonly log: TransparencyLog) {}

  @Query('logCheckpoint')
  async logCheckpoint(): Promise<LogCheckpoint | null> {
    return this.log.latestCheckpoint();
  }

  @Query('inclusionProof')
  inclusionProof(
    @Args('eventId') eventId: string | null | undefined,
    @Args('leafIndex') leafIndex: number | null | undefined,
    @Args('treeSize') treeSize: number,
  ): Promise<InclusionProofView> {
    return this.log.inclusionProofOf({ eventId, leafIndex }, treeSize);
  }

  @Query('consistencyProof')
  consistencyProof(@Args('first') first: number, @Args('second') second: number): Promise<ConsistencyProofView> {
    return this.log.consistencyProof(first, second);
  }
}
