import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, importJWK, type JSONWebKeySet, type JWK } from 'jose';

/**
 * Checks a registry credential (VC-JOSE-COSE compact JWS, `application/vc+jwt`) in the browser, with WebCrypto
 * through jose: the registry's signature against its published JWKS (kid = RFC 7638 thumbprint of the key listed
 * under it), the validity window, and each Bitstring Status List entry (the list fetched, its own signature
 * verified with the same keys, the bit read). The same checks as libs/verifier's first three; the countersignature
 * and transparency-log checks stay with `npx registry verify`, which has the files they need.
 */

export type CheckName = 'format' | 'signature' | 'validity' | 'revocation' | 'suspension';
export type DetailKey =
  | 'notJws'
  | 'wrongType'
  | 'badAlg'
  | 'unknownKid'
  | 'kidMismatch'
  | 'badSignature'
  | 'signed'
  | 'issMismatch'
  | 'noJwks'
  | 'notYet'
  | 'expired'
  | 'within'
  | 'noStatus'
  | 'listUnavailable'
  | 'listInvalid'
  | 'bitSet'
  | 'bitClear';

export interface Check {
  readonly check: CheckName;
  readonly ok: boolean;
  readonly detail: DetailKey;
  readonly params: Record<string, string>;
}

export interface Report {
  readonly ok: boolean;
  readonly checks: readonly Check[];
  readonly credential: Record<string, any> | null;
}

export interface Fetcher {
  jwks(): Promise<JSONWebKeySet>;
  text(url: string): Promise<string>;
}

const base64url = (part: string): Uint8Array => Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const decodeJson = (part: string): any => JSON.parse(new TextDecoder().decode(base64url(part)));

type Verified = { ok: true; payload: Record<string, any>; kid: string } | { ok: false; detail: DetailKey; params: Record<string, string> };

const verifyVcJwt = async (jws: string, jwks: JSONWebKeySet): Promise<Verified> => {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws) as Record<string, unknown>;
  } catch {
    return { ok: false, detail: 'notJws', params: {} };
  }
  const kid = String(header.kid);
  if (header.typ !== 'vc+jwt') return { ok: false, detail: 'wrongType', params: { typ: String(header.typ) } };
  if (header.alg !== 'ES256' && header.alg !== 'EdDSA') return { ok: false, detail: 'badAlg', params: { alg: String(header.alg) } };
  const key = jwks.keys.find((k) => k.kid === header.kid);
  if (!key) return { ok: false, detail: 'unknownKid', params: { kid } };
  const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = key as JWK & { key_ops?: unknown };
  if ((await calculateJwkThumbprint(material as JWK, 'sha256')) !== header.kid) return { ok: false, detail: 'kidMismatch', params: { kid } };
  try {
    const { payload } = await compactVerify(jws, await importJWK(material as JWK, header.alg), { algorithms: [header.alg] });
    const parsed = JSON.parse(new TextDecoder().decode(payload));
    const issuer = typeof parsed.issuer === 'string' ? parsed.issuer : parsed.issuer?.id;
    if (parsed.iss !== undefined && parsed.iss !== issuer) return { ok: false, detail: 'issMismatch', params: {} };
    return { ok: true, payload: parsed, kid };
  } catch {
    return { ok: false, detail: 'badSignature', params: { kid } };
  }
};

/** Bit `index` of a multibase (`u` + base64url) GZIP-compressed bitstring, most significant bit first. */
export const bitAt = async (encodedList: string, index: number): Promise<boolean> => {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
  const stream = new Blob([base64url(encodedList.slice(1)) as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bits = new Uint8Array(await new Response(stream).arrayBuffer());
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new Error(`index ${index} is outside the list`);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
};

export const verifyCredential = async (input: string, fetcher: Fetcher, now = new Date()): Promise<Report> => {
  const checks: Check[] = [];
  const add = (check: CheckName, ok: boolean, detail: DetailKey, params: Record<string, string> = {}) => checks.push({ check, ok, detail, params });
  const jws = input.trim();
  let credential: Record<string, any>;
  try {
    if (jws.split('.').length !== 3) throw new Error('not compact');
    credential = decodeJson(jws.split('.')[1]);
    if (typeof credential !== 'object' || credential === null) throw new Error('not an object');
  } catch {
    add('format', false, 'notJws');
    return { ok: false, checks, credential: null };
  }

  let jwks: JSONWebKeySet;
  try {
    jwks = await fetcher.jwks();
  } catch (e) {
    add('signature', false, 'noJwks', { message: (e as Error).message });
    return { ok: false, checks, credential };
  }
  const verified = await verifyVcJwt(jws, jwks);
  if (verified.ok) {
    credential = verified.payload;
    add('signature', true, 'signed', { issuer: String(credential.issuer), kid: verified.kid });
  } else add('signature', false, verified.detail, verified.params);

  const from = Date.parse(credential.validFrom);
  const until = credential.validUntil ? Date.parse(credential.validUntil) : Infinity;
  const range = { from: String(credential.validFrom), until: String(credential.validUntil ?? '—') };
  if (Number.isNaN(from) || now.getTime() < from) add('validity', false, 'notYet', range);
  else if (now.getTime() >= until) add('validity', false, 'expired', range);
  else add('validity', true, 'within', range);

  const entries: any[] = Array.isArray(credential.credentialStatus)
    ? credential.credentialStatus
    : credential.credentialStatus
      ? [credential.credentialStatus]
      : [];
  if (entries.length === 0) add('validity', true, 'noStatus');
  for (const entry of entries) {
    const purpose: CheckName = entry.statusPurpose === 'suspension' ? 'suspension' : 'revocation';
    const url = String(entry.statusListCredential);
    let list: string;
    try {
      list = await fetcher.text(url);
    } catch (e) {
      add(purpose, false, 'listUnavailable', { url, message: (e as Error).message });
      continue;
    }
    const listVerified = await verifyVcJwt(list, jwks);
    if (!listVerified.ok) {
      add(purpose, false, 'listInvalid', { message: listVerified.detail });
      continue;
    }
    const l = listVerified.payload;
    if (
      l.issuer !== credential.issuer ||
      l.credentialSubject?.statusPurpose !== entry.statusPurpose ||
      (l.validUntil && now.getTime() >= Date.parse(l.validUntil))
    ) {
      add(purpose, false, 'listInvalid', { message: `${url}` });
      continue;
    }
    try {
      const set = await bitAt(l.credentialSubject.encodedList, Number(entry.statusListIndex));
      add(purpose, !set, set ? 'bitSet' : 'bitClear', { purpose: entry.statusPurpose, url, index: String(entry.statusListIndex) });
    } catch (e) {
      add(purpose, false, 'listInvalid', { message: (e as Error).message });
    }
  }
  return { ok: checks.every((c) => c.ok), checks, credential };
};

/** The registry this page is served by: its keys, and status lists wherever the credential points. */
export const registryFetcher: Fetcher = {
  jwks: async () => {
    const response = await fetch('/.well-known/jwks.json');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  },
  text: async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.text()).trim();
  },
};
