import { Module } from '@nestjs/common';
import { RegisterRegulatorKeyHandler } from './commands/register-regulator-key/register-regulator-key.handler';
import { RegisterRegulatorKeyResolver } from './commands/register-regulator-key/register-regulator-key.resolver';
import { WithdrawRegulatorKeyResolver } from './commands/withdraw-regulator-key/withdraw-regulator-key.resolver';
import { GetRegulatorKeysHandler } from './queries/get-regulator-keys/get-regulator-keys.handler';
import { GetRegulatorKeysResolver } from './queries/get-regulator-keys/get-regulator-keys.resolver';

/**
 * Foreign regulators' public keys, registered by the registrar per jurisdiction (with rotation and withdrawal):
 * what countersignEquivalence verifies a regulator's JWS against.
 */
@Module({
  providers: [RegisterRegulatorKeyHandler, GetRegulatorKeysHandler, RegisterRegulatorKeyResolver, WithdrawRegulatorKeyResolver, GetRegulatorKeysResolver],
})
export class RegulatorKeysModule {}
