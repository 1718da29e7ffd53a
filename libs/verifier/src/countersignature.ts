import canonicalize from 'canonicalize';
import { calculateJwkThumbprint, CompactSign, compactVerify, decodeProtectedHeader, importJWK, JWK } from 'jose';

/**
 * What a foreign regulator signs when it countersigns an equivalence: the equivalence exactly as the registrar
 * proposed it. `type` separates this from anything else the same key may sign; every other member is a term of
 * the recognition, so a registry that altered any of them after the signature could not show a valid one.
 */
export interface CountersignatureContent {
  readonly type: typeof COUNTERSIGNATURE_TYPE;
  readonly equivalenceId: string;
  readonly hk: RequirementRefContent;
  readonly foreign: RequirementRefContent;
  readonly foreignJurisdiction: string;
  readonly strength: string;
  readonly conditions: readonly { readonly id: string; readonly text: string }[];
  readonly scope: { readonly useCases: readonly string[] };
  readonly effectiveFrom: string;
  readonly effectiveUntil: string | null;
  readonly illustrative: boolean;
}

export interface RequirementRefContent {
  readonly framework: string;
  readonly version: string;
  readonly requirementId: string;
}

export const COUNTERSIGNATURE_TYPE = 'HkAiEquivalenceCountersignature';

/** The algorithms a regulator key may use: ES256 (P-256) and EdDSA (Ed25519), what jose and WebCrypto verify everywhere. */
export const REGULATOR_KEY_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type RegulatorKeyAlgorithm = (typeof REGULATOR_KEY_ALGORITHMS)[number];

export class CountersignatureFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CountersignatureFormatError';
  }
}

/**
 * Instants are signed in one spelling (`toISOString`, milliseconds and `Z`), so `2026-06-01T00:00:00Z` from a
 * GraphQL answer and `2026-06-01T00:00:00.000Z` from the event give the same bytes.
 */
/** A JSON object as parsed: every field unknown until checked. */
const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

const instant = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new CountersignatureFormatError(`${field} must be an RFC 3339 date-time`);
  return new Date(value).toISOString();
};
const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value === '') throw new CountersignatureFormatError(`${field} must be a non-empty string`);
  return value;
};
const ref = (value: unknown, field: string): RequirementRefContent => {
  if (!value || typeof value !== 'object') throw new CountersignatureFormatError(`${field} must be an object with framework, version and requirementId`);
  const v = value as Record<string, unknown>;
  return {
    framework: text(v.framework, `${field}.framework`),
    version: text(v.version, `${field}.version`),
    requirementId: text(v.requirementId, `${field}.requirementId`),
  };
};

/**
 * The content to sign, from the equivalence as proposed in any of the shapes a regulator may hold: the
 * `EquivalenceProposed` event data, the GraphQL `Equivalence` (`id`, sides with titles), a GraphQL response
 * `{ data: { equivalence } }`, or the content itself. Only the proposal's terms are taken; titles, status and
 * history are not signed (a title is the framework's, not the proposal's).
 */
export const countersignatureContent = (proposal: unknown): CountersignatureContent => {
  let p: unknown = proposal;
  if (isObject(p) && isObject(p.data) && p.data.equivalence) p = p.data.equivalence;
  if (!isObject(p)) throw new CountersignatureFormatError('the proposal must be a JSON object');
  const conditions: unknown = p.conditions ?? [];
  if (!Array.isArray(conditions)) throw new CountersignatureFormatError('conditions must be a list');
  const useCases: unknown = isObject(p.scope) ? p.scope.useCases : undefined;
  if (!Array.isArray(useCases) || useCases.some((u: unknown) => typeof u !== 'string'))
    throw new CountersignatureFormatError('scope.useCases must be a list of strings');
  const illustrative: unknown = p.illustrative ?? false;
  if (typeof illustrative !== 'boolean') throw new CountersignatureFormatError('illustrative must be true or false');
  return {
    type: COUNTERSIGNATURE_TYPE,
    equivalenceId: text(p.equivalenceId ?? p.id, 'equivalenceId'),
    hk: ref(p.hk, 'hk'),
    foreign: ref(p.foreign, 'foreign'),
    foreignJurisdiction: text(p.foreignJurisdiction, 'foreignJurisdiction'),
    strength: text(p.strength, 'strength'),
    conditions: (conditions as unknown[]).map((c, i) => ({
      id: text(isObject(c) ? c.id : undefined, `conditions.${i}.id`),
      text: text(isObject(c) ? c.text : undefined, `conditions.${i}.text`),
    })),
    scope: { useCases: [...(useCases as string[])] },
    effectiveFrom: instant(p.effectiveFrom, 'effectiveFrom'),
    effectiveUntil: p.effectiveUntil === null || p.effectiveUntil === undefined ? null : instant(p.effectiveUntil, 'effectiveUntil'),
    illustrative,
  };
};

/** The JWS payload: the RFC 8785 canonical JSON of the content, as UTF-8. */
export const countersignaturePayload = (content: CountersignatureContent): string => canonicalize(content)!;

/** A regulator's public key as registered: its JWK (public members only), algorithm and RFC 7638 thumbprint. */
export interface RegulatorPublicKey {
  readonly keyId: string;
  readonly alg: RegulatorKeyAlgorithm;
  readonly jwk: JWK;
}

/**
 * Checks a JWK offered as a regulator's public key and reduces it to its public members: EC P-256 (ES256) or
 * OKP Ed25519 (EdDSA), no private part, importable (a P-256 point off the curve is refused by the import).
 * `kid` is its RFC 7638 SHA-256 thumbprint, whatever `kid` the JWK carried.
 */
export const regulatorPublicKey = async (input: unknown): Promise<RegulatorPublicKey> => {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new CountersignatureFormatError('the key must be a JWK object');
  const jwk = input as JWK;
  if ('d' in jwk) throw new CountersignatureFormatError('the JWK holds a private key (member "d"); register the public key only');
  let alg: RegulatorKeyAlgorithm;
  let publicJwk: JWK;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.x === 'string' && typeof jwk.y === 'string') {
    alg = 'ES256';
    publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
    alg = 'EdDSA';
    publicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  } else throw new CountersignatureFormatError('the key must be an EC P-256 (ES256) or OKP Ed25519 (EdDSA) JWK');
  if (jwk.alg !== undefined && jwk.alg !== alg && !(alg === 'EdDSA' && jwk.alg === 'Ed25519'))
    throw new CountersignatureFormatError(`the JWK says alg ${jwk.alg}, but a ${jwk.crv} key signs ${alg}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new CountersignatureFormatError('the JWK "use" must be "sig"');
  try {
    await importJWK(publicJwk, alg);
  } catch (e) {
    throw new CountersignatureFormatError(`the JWK is not a valid ${jwk.crv} public key (${(e as Error).message})`);
  }
  return { keyId: await calculateJwkThumbprint(publicJwk, 'sha256'), alg, jwk: publicJwk };
};

/**
 * Signs the content with the regulator's private key as a detached JWS (RFC 7515 appendix F): a compact JWS
 * whose payload part is left empty, `b64` left at its default (the payload is base64url-encoded for signing),
 * protected header `{ alg, kid }` with kid = the public key's RFC 7638 thumbprint.
 */
export const signCountersignature = async (
  content: CountersignatureContent,
  privateKey: Parameters<CompactSign['sign']>[0],
  key: Pick<RegulatorPublicKey, 'alg' | 'keyId'>,
): Promise<string> => {
  const jws = await new CompactSign(new TextEncoder().encode(countersignaturePayload(content)))
    .setProtectedHeader({ alg: key.alg, kid: key.keyId })
    .sign(privateKey);
  const [header, , signature] = jws.split('.');
  return `${header}..${signature}`;
};

/** The protected header of a detached compact JWS, after checking its form (three parts, empty payload, no b64/crit). */
export const detachedJwsHeader = (jws: string): { alg: string; kid?: string } => {
  if (typeof jws !== 'string' || !/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/.test(jws))
    throw new CountersignatureFormatError(
      'the countersignature must be a detached compact JWS: <protected header>..<signature> (RFC 7515 appendix F, empty payload part)',
    );
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    throw new CountersignatureFormatError('the JWS protected header is not base64url JSON');
  }
  if ('b64' in header || 'crit' in header)
    throw new CountersignatureFormatError('the JWS must use the default payload encoding: no "b64" or "crit" header (RFC 7797 is not used)');
  if (!REGULATOR_KEY_ALGORITHMS.includes(header.alg as RegulatorKeyAlgorithm))
    throw new CountersignatureFormatError(`the JWS alg must be ES256 or EdDSA, not ${String(header.alg)}`);
  if (header.kid !== undefined && typeof header.kid !== 'string') throw new CountersignatureFormatError('the JWS kid must be a string');
  return header as { alg: string; kid?: string };
};

/** A registered key and when it may sign: from `validFrom`, until `validUntil` (exclusive; null: still valid). */
export interface RegulatorKeyValidity extends RegulatorPublicKey {
  readonly validFrom: string;
  readonly validUntil: string | null;
}

export type CountersignatureCheck =
  | { readonly outcome: 'VALID'; readonly keyId: string; readonly alg: RegulatorKeyAlgorithm }
  | { readonly outcome: 'MALFORMED'; readonly detail: string }
  | { readonly outcome: 'NO_KEY'; readonly detail: string }
  | { readonly outcome: 'UNKNOWN_KEY'; readonly detail: string }
  | { readonly outcome: 'KEY_NOT_VALID'; readonly keyId: string; readonly detail: string }
  | { readonly outcome: 'BAD_SIGNATURE'; readonly keyId: string; readonly detail: string };

const isValidAt = (key: RegulatorKeyValidity, at: string) =>
  Date.parse(key.validFrom) <= Date.parse(at) && (key.validUntil === null || Date.parse(at) < Date.parse(key.validUntil));

/**
 * Verifies a detached JWS over the content against a jurisdiction's keys, judged at instant `at` (when the
 * countersignature was, or is being, made). The key is the one `kid` names; a JWS without `kid` is tried
 * against every key valid at `at` with its algorithm. Answers why it fails rather than throwing.
 */
export const verifyCountersignature = async (
  jws: string,
  content: CountersignatureContent,
  keys: readonly RegulatorKeyValidity[],
  at: string,
): Promise<CountersignatureCheck> => {
  let header: { alg: string; kid?: string };
  try {
    header = detachedJwsHeader(jws);
  } catch (e) {
    return { outcome: 'MALFORMED', detail: (e as Error).message };
  }
  if (keys.length === 0) return { outcome: 'NO_KEY', detail: `no key is registered for ${content.foreignJurisdiction}` };
  const candidates = header.kid !== undefined ? keys.filter((k) => k.keyId === header.kid) : keys.filter((k) => k.alg === header.alg && isValidAt(k, at));
  if (candidates.length === 0)
    return header.kid !== undefined
      ? { outcome: 'UNKNOWN_KEY', detail: `kid ${header.kid} is not a key registered for ${content.foreignJurisdiction}` }
      : { outcome: 'UNKNOWN_KEY', detail: `no ${header.alg} key of ${content.foreignJurisdiction} is valid at ${at}` };
  const [protectedHeader, , signature] = jws.split('.');
  const attached = `${protectedHeader}.${Buffer.from(countersignaturePayload(content), 'utf8').toString('base64url')}.${signature}`;
  for (const key of candidates) {
    if (key.alg !== header.alg)
      return { outcome: 'BAD_SIGNATURE', keyId: key.keyId, detail: `the JWS says alg ${header.alg}, key ${key.keyId} signs ${key.alg}` };
    if (!isValidAt(key, at))
      return {
        outcome: 'KEY_NOT_VALID',
        keyId: key.keyId,
        detail: `key ${key.keyId} is valid from ${key.validFrom}${key.validUntil ? ` until ${key.validUntil}` : ''}, not at ${at}`,
      };
    try {
      await compactVerify(attached, await importJWK(key.jwk, key.alg), { algorithms: [key.alg] });
      return { outcome: 'VALID', keyId: key.keyId, alg: key.alg };
    } catch {
      if (header.kid !== undefined)
        return {
          outcome: 'BAD_SIGNATURE',
          keyId: key.keyId,
          detail: `the signature does not verify with key ${key.keyId} over equivalence ${content.equivalenceId} as proposed (altered content or another key)`,
        };
    }
  }
  return {
    outcome: 'BAD_SIGNATURE',
    keyId: candidates[0].keyId,
    detail: `the signature verifies with no key of ${content.foreignJurisdiction} over equivalence ${content.equivalenceId} as proposed`,
  };
};
