import { IsJurisdictionCode } from '../../../graphql/input-rules';

/** The arguments of `regulatorKeys`, validated like an input (messages name the argument). */
export class RegulatorKeysArgs {
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
}
