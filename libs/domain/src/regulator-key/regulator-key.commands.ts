import { DomainCommand } from '../shared/command';
import { PublicJwk, RegulatorKeyAlgorithm } from './regulator-key.events';

/** The key as the shell checked it (public members only, importable, its thumbprint computed): crypto is not the decider's. */
export interface CheckedPublicKey {
  readonly keyId: string;
  readonly alg: RegulatorKeyAlgorithm;
  readonly jwk: PublicJwk;
}

export type RegisterRegulatorKey = DomainCommand<'RegisterRegulatorKey', { jurisdiction: string; key: CheckedPublicKey; replacesKeyId: string | null }>;
export type WithdrawRegulatorKey = DomainCommand<'WithdrawRegulatorKey', { jurisdiction: string; keyId: string; reason: string }>;

export type RegulatorKeyCommand = RegisterRegulatorKey | WithdrawRegulatorKey;
