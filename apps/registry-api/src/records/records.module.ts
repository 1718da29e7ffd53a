import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { RecordConditionEvidenceHandler } from './commands/record-condition-evidence/record-condition-evidence.handler';
import { RecordConditionEvidenceResolver } from './commands/record-condition-evidence/record-condition-evidence.resolver';
import { RecordDataTransferBasisHandler } from './commands/record-data-transfer-basis/record-data-transfer-basis.handler';
import { RecordDataTransferBasisResolver } from './commands/record-data-transfer-basis/record-data-transfer-basis.resolver';
import { RecordWeightsLocalizationHandler } from './commands/record-weights-localization/record-weights-localization.handler';
import { RecordWeightsLocalizationResolver } from './commands/record-weights-localization/record-weights-localization.resolver';
import { GetConditionEvidenceHandler } from './queries/get-condition-evidence/get-condition-evidence.handler';
import { GetDataTransferBasisHandler } from './queries/get-data-transfer-basis/get-data-transfer-basis.handler';
import { GetWeightsLocalizationHandler } from './queries/get-weights-localization/get-weights-localization.handler';
import { ConditionEvidenceFieldsResolver, DataTransferBasisFieldsResolver, RecordsQueryResolver, WeightsLocalizationFieldsResolver } from './queries/records.resolver';
import { RecordContextService } from './record-context.service';

const CommandHandlers = [RecordWeightsLocalizationHandler, RecordDataTransferBasisHandler, RecordConditionEvidenceHandler];
const QueryHandlers = [GetWeightsLocalizationHandler, GetDataTransferBasisHandler, GetConditionEvidenceHandler];
const Resolvers = [
  RecordWeightsLocalizationResolver,
  RecordDataTransferBasisResolver,
  RecordConditionEvidenceResolver,
  RecordsQueryResolver,
  WeightsLocalizationFieldsResolver,
  DataTransferBasisFieldsResolver,
  ConditionEvidenceFieldsResolver,
];

/** Records firms (and certifiers) keep about model versions: weights localisation, data-transfer bases, condition evidence. */
@Module({ imports: [VerdictsModule], providers: [RecordContextService, ...CommandHandlers, ...QueryHandlers, ...Resolvers] })
export class RecordsModule {}
