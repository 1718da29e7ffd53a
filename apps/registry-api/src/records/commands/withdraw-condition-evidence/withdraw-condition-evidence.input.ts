import { WithdrawConditionEvidenceInput as Contract } from '@registry/contract';
import { ConditionRefInput, IsReason } from '../../records.input-rules';

export class WithdrawConditionEvidenceInput extends ConditionRefInput implements Contract {
  @IsReason() reason!: string;
}
