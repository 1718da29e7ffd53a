import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { PublicJwkInput as JwkContract, RegisterRegulatorKeyInput as Contract } from '@registry/contract';
import { IsIdempotencyKey, IsJurisdictionCode } from '../../../graphql/input-rules';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Shapes only; whether the point is on the curve is checked when the key is imported (RegisterRegulatorKeyHandler). */
export class PublicJwkInput implements JwkContract {
  @IsIn(['EC', 'OKP'], { message: 'jwk.kty must be EC or OKP' }) kty!: string;
  @IsIn(['P-256', 'Ed25519'], { message: 'jwk.crv must be P-256 or Ed25519' }) crv!: string;
  @IsString() @Length(1, 100, { message: 'jwk.x must be 1 to 100 characters' }) @Matches(BASE64URL, { message: 'jwk.x must be base64url' }) x!: string;
  @IsOptional() @IsString() @Length(1, 100, { message: 'jwk.y must be 1 to 100 characters' }) @Matches(BASE64URL, { message: 'jwk.y must be base64url' }) y?:
    string | null;
  @IsOptional() @IsIn(['ES256', 'EdDSA', 'Ed25519'], { message: 'jwk.alg must be ES256 or EdDSA' }) alg?: string | null;
  @IsOptional() @IsIn(['sig'], { message: 'jwk.use must be sig' }) use?: string | null;
  @IsOptional() @IsString() @Length(1, 200, { message: 'jwk.kid must be 1 to 200 characters' }) kid?: string | null;
}

export class RegisterRegulatorKeyInput implements Contract {
  @IsJurisdictionCode('jurisdiction') jurisdiction!: string;
  @IsObject({ message: 'jwk must be an object' })
  @ValidateNested()
  @Type(() => PublicJwkInput)
  jwk!: PublicJwkInput;
  @IsOptional()
  @IsString()
  @Length(43, 43, { message: 'replacesKeyId must be a 43-character RFC 7638 thumbprint' })
  @Matches(BASE64URL, { message: 'replacesKeyId must be base64url' })
  replacesKeyId?: string | null;
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
