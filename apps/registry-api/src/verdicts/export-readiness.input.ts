import { IsDate, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { ExportReadinessInput as Contract } from '@registry/contract';
import { LogPosition } from '@registry/event-store';

export class ExportReadinessInput implements Omit<Contract, 'asOf' | 'knownAt'> {
  @IsString() @Matches(/^[a-z][a-z0-9-]{1,63}$/, { message: 'modelId must be 2 to 64 lowercase letters, digits or dashes' }) modelId!: string;
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, { message: 'version must be 1 to 32 letters, digits, dots, dashes or underscores' }) version!: string;
  @IsString() @Matches(/^(EU|[A-Z]{2})$/, { message: 'jurisdiction must be a two-letter code such as EU, CN or SG' }) jurisdiction!: string;
  @IsString() @Matches(/^[a-z][a-z0-9-]{1,47}$/, { message: 'useCase must be a lower-case slug such as lending or chatbot' }) useCase!: string;
  /** Parsed by the DateTime scalar. */
  @IsOptional() @IsDate() asOf?: Date | null;
  /** Parsed by the LogPosition scalar. */
  @IsOptional() @IsObject() knownAt?: LogPosition | null;
}
