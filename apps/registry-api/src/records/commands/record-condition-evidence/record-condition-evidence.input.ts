import { IsString, Matches } from 'class-validator';
import { RecordConditionEvidenceInput as Contract } from '@registry/contract';
import { IsIdempotencyKey, IsModelId, IsModelVersion, IsText } from '../../../graphql/input-rules';

export class RecordConditionEvidenceInput implements Contract {
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'equivalenceId must be 2 to 64 lowercase letters, digits or dashes' }) equivalenceId!: string;
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'conditionId must be 1 to 32 letters, digits, dots, dashes or underscores' }) conditionId!: string;
  @IsModelId() modelId!: string;
  @IsModelVersion() version!: string;
  @IsText('evidence', 2000) evidence!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
