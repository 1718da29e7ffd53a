import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateNested } from 'class-validator';
import { ModelKindInput as KindContract, RegisterModelInput as Contract } from '@registry/contract';
import { IsFirmId } from '../../../firms/firm.input-rules';
import { IsIdempotencyKey, IsLine, IsModelId } from '../../../graphql/input-rules';

export class ModelKindInput implements KindContract {
  @IsBoolean({ message: 'kind.generative must be true or false' }) generative!: boolean;
  @IsBoolean({ message: 'kind.generalPurpose must be true or false' }) generalPurpose!: boolean;
}

export class RegisterModelInput implements Contract {
  @IsModelId() modelId!: string;
  @IsFirmId() firmId!: string;
  @IsLine('name', 200) name!: string;
  @IsObject({ message: 'kind must be an object' }) @ValidateNested() @Type(() => ModelKindInput) kind!: ModelKindInput;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
