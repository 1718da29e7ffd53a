import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { modelDecider, modelStreamId, provenanceDecider, provenanceStreamId } from '@registry/domain';
import { canSeeRestricted } from '../../auth/visibility';
import { AggregateReader } from '../../infrastructure/aggregate-reader';
import { VerdictService } from '../../verdicts/verdict.service';
import { provenanceView, TrainingDataProvenanceView } from '../provenance.view';
import { GetTrainingDataProvenanceQuery } from './get-training-data-provenance.query';

/** Folds the record's stream (always current); restricted details for the owner, the version's certifiers, regulators and the registrar. */
@QueryHandler(GetTrainingDataProvenanceQuery)
export class GetTrainingDataProvenanceHandler implements IQueryHandler<GetTrainingDataProvenanceQuery> {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly verdicts: VerdictService,
  ) {}

  async execute({ modelId, version, actor, knownAt }: GetTrainingDataProvenanceQuery): Promise<TrainingDataProvenanceView | null> {
    const streamId = provenanceStreamId(modelId, version);
    const [{ state }, model, { facts }] = await Promise.all([
      this.aggregates.load(streamId, provenanceDecider, knownAt),
      this.aggregates.load(modelStreamId(modelId), modelDecider),
      this.verdicts.facts(),
    ]);
    const certifierIds = (facts.certificationsByVersion.get(`${modelId}/${version}`) ?? []).map((id) => facts.certifications.get(id)!.issued.certifierId);
    const firmId = model.state.status === 'REGISTERED' ? model.state.firmId : null;
    return provenanceView(state, { streamId, knownAt, entitled: canSeeRestricted(actor, { firmId, certifierIds }) });
  }
}
