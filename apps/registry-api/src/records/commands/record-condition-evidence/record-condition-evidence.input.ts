import { RecordConditionEvidenceInput as Contract } from '@registry/contract';
import { IsMultilineText } from '../../../graphql/input-rules';
import { ConditionRefInput } from '../../records.input-rules';

export class RecordConditionEvidenceInput extends ConditionRefInput implements Contract {
  @IsMultilineText('evidence', 2000) evidence!: string;
}
