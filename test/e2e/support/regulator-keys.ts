import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { countersignatureContent, countersignaturePayload, regulatorPublicKey, RegulatorPublicKey, signCountersignature } from '@registry/verifier';
import { RunningRegistry } from './registry';

const EQUIVALENCE_TERMS = `id hk { framework version requirementId } foreign { framework version requirementId } foreignJurisdiction strength
  conditions { id text } scope { useCases } effectiveFrom effectiveUntil illustrative countersignaturePayload`;

/**
 * A foreign regulator's key pair for tests: registered by the registrar for its jurisdiction, then used to sign
 * countersignatures exactly as a regulator would (from the equivalence as the registry shows it).
 */
export class TestRegulatorKey {
  /** One signature per content, as a regulator keeps what it sent: a retried request sends the same JWS (ES256 signatures are randomised). */
  private readonly signatures = new Map<string, Promise<string>>();

  private constructor(
    readonly privateKey: KeyObject,
    readonly publicKey: RegulatorPublicKey,
  ) {}

  static async generate(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<TestRegulatorKey> {
    const { privateKey, publicKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
    return new TestRegulatorKey(privateKey, await regulatorPublicKey(publicKey.export({ format: 'jwk' })));
  }

  get keyId(): string {
    return this.publicKey.keyId;
  }

  /** Registers this key for `jurisdiction` as the registrar; fails the test if refused. */
  async register(registry: RunningRegistry, jurisdiction: string, registrarToken?: string, replacesKeyId?: string): Promise<void> {
    const token = registrarToken ?? (await registry.token('REGISTRAR', 'registrar-hk'));
    const r = await registry.gql(
      `mutation($input: RegisterRegulatorKeyInput!) { registerRegulatorKey(input: $input) { keys { keyId status } } }`,
      { input: { jurisdiction, jwk: this.publicKey.jwk, ...(replacesKeyId ? { replacesKeyId } : {}) } },
      token,
    );
    expect(r.errors).toBeUndefined();
  }

  /** Signs the proposal's terms (any shape countersignatureContent reads) as a detached JWS. */
  sign(proposal: unknown): Promise<string> {
    const content = countersignatureContent(proposal);
    const payload = countersignaturePayload(content);
    if (!this.signatures.has(payload)) this.signatures.set(payload, signCountersignature(content, this.privateKey, this.publicKey));
    return this.signatures.get(payload)!;
  }

  /**
   * Reads the equivalence from the registry and signs it; checks on the way that the content a regulator computes
   * from the equivalence is the registry's `countersignaturePayload`, byte for byte.
   */
  async signEquivalence(registry: RunningRegistry, equivalenceId: string): Promise<string> {
    const r = await registry.gql(`query($id: ID!) { equivalence(id: $id) { ${EQUIVALENCE_TERMS} } }`, { id: equivalenceId });
    const equivalence = r.data?.equivalence;
    if (!equivalence)
      return this.sign({
        equivalenceId,
        hk: { framework: 'X', version: '1', requirementId: 'X' },
        foreign: { framework: 'X', version: '1', requirementId: 'X' },
        foreignJurisdiction: 'EU',
        strength: 'FULL',
        scope: { useCases: [] },
        effectiveFrom: new Date(0).toISOString(),
      });
    expect(countersignaturePayload(countersignatureContent(equivalence))).toBe(equivalence.countersignaturePayload);
    return this.sign(equivalence);
  }
}
