import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, Jurisdiction } from '../shared/values';

export type RegulatorKeyAlgorithm = 'ES256' | 'EdDSA';

/** A public JWK reduced to its public members (EC P-256: kty, crv, x, y; OKP Ed25519: kty, crv, x). */
export type PublicJwk = Readonly<Record<string, string>>;

/**
 * The registrar records a foreign regulator's public key for its jurisdiction: from then on that regulator's
 * countersignatures must be JWSs this key (or another valid key of the jurisdiction) verifies. `keyId` is the
 * key's RFC 7638 thumbprint. `replacesKeyId` names the key this one rotates out: that key's validity ends at
 * this key's `validFrom`, and it stays on record to verify the signatures made before.
 */
export type RegulatorKeyRegistered = DomainEvent<
  'RegulatorKeyRegistered',
  {
    jurisdiction: Jurisdiction;
    keyId: string;
    alg: RegulatorKeyAlgorithm;
    jwk: PublicJwk;
    validFrom: Instant;
    replacesKeyId: string | null;
    registeredAt: Instant;
  }
>;
/** The key signs nothing from `withdrawnAt` on (e.g. compromised); countersignatures verified before stay history. */
export type RegulatorKeyWithdrawn = DomainEvent<'RegulatorKeyWithdrawn', { jurisdiction: Jurisdiction; keyId: string; reason: string; withdrawnAt: Instant }>;

export type RegulatorKeyEvent = RegulatorKeyRegistered | RegulatorKeyWithdrawn;

export const regulatorKeyStreamId = (jurisdiction: string) => streamName('regulator-key', jurisdiction);
