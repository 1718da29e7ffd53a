import { RenameFirmInput as Contract } from '@registry/contract';
import { IsFirmId } from '../../firm.input-rules';
import { IsIdempotencyKey, IsLine } from '../../../graphql/input-rules';

export class RenameFirmInput implements Contract {
  @IsFirmId() firmId!: string;
  @IsLine('name', 200) name!: string;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
