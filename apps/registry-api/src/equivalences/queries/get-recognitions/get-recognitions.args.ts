import { IsDate, IsObject, IsOptional } from 'class-validator';
import { LogPosition } from '@registry/event-store';
import { IsJurisdictionCode } from '../../../graphql/input-rules';

/** The arguments of `recognitions`, validated like an input (messages name the argument). */
export class RecognitionsArgs {
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  /** Parsed by the DateTime scalar. */
  @IsOptional() @IsDate({ message: 'asOf must be an ISO-8601 instant' }) asOf?: Date | null;
  /** Parsed by the LogPosition scalar. */
  @IsOptional() @IsObject({ message: 'knownAt must be a log position' }) knownAt?: LogPosition | null;
}
