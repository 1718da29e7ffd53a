import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { RecordConditionEvidenceResolver } from './commands/record-condition-evidence/record-condition-evidence.resolver';
import { RecordDataTransferBasisResolver } from './commands/record-data-transfer-basis/record-data-transfer-basis.resolver';
import { RecordWeightsLocalizationResolver } from './commands/record-weights-localization/record-weights-localization.resolver';
import { RelocateWeightsResolver } from './commands/relocate-weights/relocate-weights.resolver';
import { WithdrawConditionEvidenceResolver } from './commands/withdraw-condition-evidence/withdraw-condition-evidence.resolver';
import { WithdrawDataTransferBasisResolver } from './commands/withdraw-data-transfer-basis/withdraw-data-transfer-basis.resolver';
import { WithdrawWeightsLocalizationResolver } from './commands/withdraw-weights-localization/withdraw-weights-localization.resolver';
import { GetConditionEvidenceHandler } from './queries/get-condition-evidence/get-condition-evidence.handler';
import { GetDataTransferBasisHandler } from './queries/get-data-transfer-basis/get-data-transfer-basis.handler';
import { GetWeightsLocalizationHandler } from './queries/get-weights-localization/get-weights-localization.handler';
import {
  ConditionEvidenceFieldsResolver,
  DataTransferBasisFieldsResolver,
  RecordsQueryResolver,
  WeightsLocalizationFieldsResolver,
} from './queries/records.resolver';
import { RecordContextService } from './record-context.service';

const QueryHandlers = [GetWeightsLocalizationHandler, GetDataTransferBasisHandler, GetConditionEvidenceHandler];
const Resolvers = [
  RecordWeightsLocalizationResolver,
  RelocateWeightsResolver,
  WithdrawWeightsLocalizationResolver,
  RecordDataTransferBasisResolver,
  WithdrawDataTransferBasisResolver,
  RecordConditionEvidenceResolver,
  WithdrawConditionEvidenceResolver,
  RecordsQueryResolver,
  WeightsLocalizationFieldsResolver,
  DataTransferBasisFieldsResolver,
  ConditionEvidenceFieldsResolver,
];

/** Records firms (and certifiers) keep about model versions, and their corrections: weights localisation, data-transfer bases, condition evidence. */
@Module({ imports: [VerdictsModule], providers: [RecordContextService, ...QueryHandlers, ...Resolvers] })
export class RecordsModule {}
