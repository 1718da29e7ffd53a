import { RelocateWeightsInput as Contract } from '@registry/contract';
import { WeightsPlacementInput } from '../../records.input-rules';

/** The placement a record names, without its digest: a relocation moves the same weights. */
export class RelocateWeightsInput extends WeightsPlacementInput implements Contract {}
