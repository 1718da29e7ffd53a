import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetTrainingDataProvenanceQuery } from '../../queries/get-training-data-provenance.query';
import { TrainingDataProvenanceView } from '../../provenance.view';
import { RecordTrainingDataProvenanceCommand } from './record-training-data-provenance.command';
import { RecordTrainingDataProvenanceInput } from './record-training-data-provenance.input';

@Resolver('TrainingDataProvenance')
export class RecordTrainingDataProvenanceResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('recordTrainingDataProvenance')
  record(@Args('input') input: RecordTrainingDataProvenanceInput, @RequestCtx() ctx: RequestContext): Promise<TrainingDataProvenanceView> {
    const { idempotencyKey, modelId, version, weightsDigest } = input;
    const sources = input.sources.map((s) => ({
      sourceId: s.sourceId,
      name: s.name,
      legalBasis: s.legalBasis ?? null,
      digest: s.digest ?? null,
      location: s.location,
      basisReference: s.basisReference ?? null,
    }));
    const command = new RecordTrainingDataProvenanceCommand({ modelId, version, weightsDigest, sources }, commandMetadata(ctx, idempotencyKey));
    return this.ownWrite.answer(command, (knownAt) => new GetTrainingDataProvenanceQuery(modelId, version, ctx.actor, knownAt));
  }
}
