import { RecordConditionEvidenceInput as Contract } from '@registry/contract';
import { IsText } from '../../../graphql/input-rules';
import { ConditionRefInput } from '../../records.input-rules';

export class RecordConditionEvidenceInput extends ConditionRefInput implements Contract {
  @IsText('evidence', 2000) evidence!: string;
}
