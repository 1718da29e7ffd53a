import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { AccreditationScopeInput as ScopeContract, AccreditCertifierInput as Contract } from '@registry/contract';
import { FRAMEWORK_VERSION } from '@registry/domain';

import { IsAfter, IsInstant, IsList, IsUseCaseList } from '../../../frameworks/framework.input-rules';
import { IsCertifierId } from '../../certifier.input-rules';
import { IsIdempotencyKey, IsLine } from '../../../graphql/input-rules';

export class AccreditationScopeInput implements ScopeContract {
  @IsList('scope.frameworkVersions', 50, FRAMEWORK_VERSION, 'framework version (1 to 32 letters, digits, dots, underscores, dashes or slashes)')
  frameworkVersions!: string[];
  @IsUseCaseList('scope.useCases') useCases!: string[];
}

export class AccreditCertifierInput implements Contract {
  @IsCertifierId() certifierId!: string;
  @IsLine('name', 200) name!: string;
  @IsObject({ message: 'scope must be an object' })
  @ValidateNested()
  @Type(() => AccreditationScopeInput)
  scope!: AccreditationScopeInput;
  @IsInstant('validFrom') validFrom!: Date;
  @IsInstant('validUntil') @IsAfter('validUntil', 'validFrom') validUntil!: Date;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
