import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { RecordTrainingDataProvenanceResolver } from './commands/record-training-data-provenance/record-training-data-provenance.resolver';
import { GetTrainingDataProvenanceHandler } from './queries/get-training-data-provenance.handler';
import { ProvenanceQueryResolver, TrainingDataProvenanceFieldsResolver } from './queries/provenance.resolver';

/** Training-data provenance of model versions (the evidence for HK-AI-06), recorded by the owning firm. */
@Module({
  imports: [VerdictsModule],
  providers: [GetTrainingDataProvenanceHandler, RecordTrainingDataProvenanceResolver, ProvenanceQueryResolver, TrainingDataProvenanceFieldsResolver],
})
export class ProvenanceModule {}
