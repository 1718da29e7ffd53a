import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import {
  EquivalenceConditionInput as ConditionContract,
  EquivalenceScopeInput as ScopeContract,
  EquivalenceSideInput as SideContract,
  EquivalenceStrength,
  ProposeEquivalenceInput as Contract,
} from '@registry/contract';

import { IsAfter, IsFrameworkId, IsFrameworkVersion, IsInstant, IsRequirementId, IsUseCaseList } from '../../../frameworks/framework.input-rules';
import { IsConditionId, IsEquivalenceId } from '../../equivalence.input-rules';
import { IsIdempotencyKey, IsJurisdictionCode, IsMultilineText } from '../../../graphql/input-rules';

/** One class per side, so that each message names its own path (`hk.version`, `foreign.requirementId`). */
const sideInput = (side: 'hk' | 'foreign') => {
  class SideInput implements SideContract {
    @IsFrameworkId(`${side}.framework`) framework!: string;
    @IsFrameworkVersion(`${side}.version`) version!: string;
    @IsRequirementId(`${side}.requirementId`) requirementId!: string;
  }
  return SideInput;
};
export const HkSideInput = sideInput('hk');
export const ForeignSideInput = sideInput('foreign');

export class EquivalenceConditionInput implements ConditionContract {
  @IsConditionId('conditions.id') id!: string;
  @IsMultilineText('conditions.text', 2000) text!: string;
}

export class EquivalenceScopeInput implements ScopeContract {
  @IsUseCaseList('scope.useCases') useCases!: string[];
}

export class ProposeEquivalenceInput implements Contract {
  @IsEquivalenceId() equivalenceId!: string;

  @IsObject({ message: 'hk must be an object' })
  @ValidateNested()
  @Type(() => HkSideInput)
  hk!: SideContract;

  @IsObject({ message: 'foreign must be an object' })
  @ValidateNested()
  @Type(() => ForeignSideInput)
  foreign!: SideContract;

  @IsJurisdictionCode('foreignJurisdiction') foreignJurisdiction!: string;

  @IsEnum(EquivalenceStrength, { message: 'strength must be FULL or PARTIAL' }) strength!: EquivalenceStrength;

  @IsOptional()
  @IsArray({ message: 'conditions must be a list' })
  @ArrayMaxSize(20, { message: 'conditions must hold at most 20 conditions' })
  @ValidateNested({ each: true })
  @Type(() => EquivalenceConditionInput)
  conditions?: EquivalenceConditionInput[] | null;

  @IsObject({ message: 'scope must be an object' })
  @ValidateNested()
  @Type(() => EquivalenceScopeInput)
  scope!: EquivalenceScopeInput;

  @IsInstant('effectiveFrom') effectiveFrom!: Date;

  @ValidateIf((o: ProposeEquivalenceInput) => o.effectiveUntil !== null && o.effectiveUntil !== undefined)
  @IsInstant('effectiveUntil')
  @IsAfter('effectiveUntil', 'effectiveFrom')
  effectiveUntil?: Date | null;

  @IsOptional() @IsBoolean({ message: 'illustrative must be true or false' }) illustrative?: boolean | null;

  @IsIdempotencyKey() idempotencyKey?: string | null;
}
