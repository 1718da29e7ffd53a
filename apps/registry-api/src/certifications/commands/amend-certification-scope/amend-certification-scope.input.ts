import { AmendCertificationScopeInput as Contract } from '@registry/contract';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import {
  CertificationScopeInput,
  IsCertificationId,
  IsCertificationScope,
  IsRequirementResults,
  RequirementResultInput,
} from '../../certification.input-rules';

export class AmendCertificationScopeInput implements Contract {
  @IsCertificationId() certificationId!: string;
  @IsCertificationScope() scope!: CertificationScopeInput;
  @IsRequirementResults() results!: RequirementResultInput[];
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
