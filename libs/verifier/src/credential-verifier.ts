import { gunzipSync } from 'node:zlib';
import { compactVerify, decodeProtectedHeader, importJWK, JSONWebKeySet, JWK, calculateJwkThumbprint } from 'jose';
import {
  CheckpointError,
  equalHashes,
  hashLeaf,
  NoteError,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rootFromInclusionProof,
  verifyConsistency,
} from '@registry/transparency';
import { countersignatureContent, countersignaturePayload, regulatorPublicKey, verifyCountersignature } from './countersignature';

/** One line of the verdict: what was checked, whether it holds, and why. */
export interface Check {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly checks: readonly Check[];
  /** The decoded payload (unverified if the signature check failed). */
  readonly credential: CredentialJson | null;
}

/**
 * A credential (or status list) payload as the verifier reads it: parsed JSON, typed as the registry writes it.
 * Nothing in it is trusted: each check tests what it relies on (absent fields are read as absent).
 */
export interface CredentialJson {
  readonly id?: string;
  readonly iss?: string;
  readonly issuer?: string | { readonly id?: string };
  readonly type?: readonly string[];
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly credentialStatus?: StatusEntryJson | readonly StatusEntryJson[];
  readonly credentialSubject?: { readonly lines?: readonly unknown[]; readonly statusPurpose?: string; readonly encodedList?: string };
  readonly evidence?: readonly unknown[];
  readonly registryLog?: { readonly checkpointStatus?: string; readonly checkpoint?: { readonly note?: string; readonly origin?: string } };
}

interface StatusEntryJson {
  readonly statusPurpose: string;
  readonly statusListCredential: string;
  readonly statusListIndex: string | number;
}

interface LineJson {
  readonly status?: string;
  readonly requirement?: { readonly requirementId?: string };
  readonly via: { readonly equivalenceId: string; readonly hkRequirementId?: string };
}

interface CountersignatureEvidence {
  readonly type: 'EquivalenceCountersignature';
  readonly eventId?: string;
  readonly equivalenceId: string;
  readonly jurisdiction: string;
  readonly countersignedAt: string;
  readonly signedPayload: string;
  readonly jws?: string | null;
  readonly regulatorKey?: {
    readonly eventId?: string;
    readonly keyId: string;
    readonly jwk: JWK;
    readonly validFrom: string;
    readonly validUntil: string | null;
  } | null;
}

interface LogEventEvidence {
  readonly type: 'RegistryLogEvent';
  readonly eventId: string;
  readonly eventType: string;
  readonly leafIndex?: number | null;
  readonly logPosition: string;
}

/** What a regulator signed, as far as the lines are compared with it. */
interface SignedTermsJson {
  readonly hk?: { readonly requirementId?: string };
  readonly foreign?: { readonly requirementId?: string };
}

/** A log entry (RFC 8785 JSON of an event; format 2 hides restricted values behind commitments) as far as the inclusion check reads it. */
interface LogEntryJson {
  readonly id?: string;
  readonly type?: string;
  readonly position?: string;
  readonly data?: { readonly countersignature?: { readonly jws?: string }; readonly keyId?: string };
}

/** The issuer's id: VC Data Model 2.0 allows a URL or an object with an `id`. */
const issuerOf = (c: CredentialJson): string =>
  typeof c.issuer === 'string' ? c.issuer : (c.issuer?.id ?? `no issuer id (${JSON.stringify(c.issuer) ?? 'none'})`);
const isObject = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;
/** Evidence entries of one `type` (the shape is the registry's; each check tests the fields it relies on). */
const ofType =
  <T>(type: string) =>
  (value: unknown): value is T =>
    isObject(value) && value.type === type;
const isRelyingLine = (l: unknown): l is LineJson =>
  isObject(l) && isObject(l.via) && Boolean(l.via.equivalenceId) && (l.status === 'SATISFIED' || l.status === 'CONDITIONAL');

/** One inclusion proof as the registry's `inclusionProof` query answers it (hashes base64). */
export interface InclusionProofFile {
  readonly eventId: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly hashes: readonly string[];
  /** The leaf's entry: RFC 8785 JSON of the event (see libs/transparency/src/entry.ts). */
  readonly entry: string;
}

/** An RFC 9162 §2.1.4 consistency proof as the registry's `consistencyProof` query answers it (hashes base64). */
export interface ConsistencyProofFile {
  readonly first: number;
  readonly second: number;
  readonly hashes: readonly string[];
}

export interface VerifyOptions {
  /** The issuer's JWKS (`/.well-known/jwks.json`). */
  readonly jwks?: JSONWebKeySet;
  /** Bitstring Status List credentials (compact JWSs), matched to entries by their `id` URL. */
  readonly statusLists?: readonly string[];
  /** A C2SP signed checkpoint; default: the one the credential carries in `registryLog`. */
  readonly checkpoint?: string;
  /** The log's C2SP verifier keys (`/log/verifier-key`). */
  readonly logKeys?: readonly string[];
  readonly proofs?: readonly InclusionProofFile[];
  /**
   * A signed checkpoint you held before (from an earlier verification). With it, the checkpoint used is checked
   * to be an extension of it (same origin, `consistencyProof` from the smaller tree to the larger): the log was
   * appended to, never rewritten, between the two.
   */
  readonly previousCheckpoint?: string;
  /** The consistency proof between `previousCheckpoint` and the checkpoint used (`consistencyProof(first, second)`). */
  readonly consistencyProof?: ConsistencyProofFile;
  /**
   * Regulator public keys you obtained yourself, by jurisdiction. When given for a jurisdiction, a countersignature
   * must verify with one of them; otherwise the key the credential carries is used (vouched for by the registry's
   * signature and, with proofs, by its registration event in the log).
   */
  readonly regulatorKeys?: Readonly<Record<string, readonly JWK[]>>;
  /** Accept countersignatures recorded before they were signatures (nothing to verify). Default false. */
  readonly allowUnsignedCountersignatures?: boolean;
  readonly now?: Date;
}

const decodeJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');

/** Verifies a VC-JOSE-COSE compact JWS against a JWKS: header, kid, key, signature; returns the payload. */
const verifyVcJwt = async (
  jws: string,
  jwks: JSONWebKeySet,
  what: string,
): Promise<{ ok: true; payload: CredentialJson; kid: string } | { ok: false; detail: string }> => {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, detail: `${what} is not a compact JWS` };
  }
  if (header.typ !== 'vc+jwt') return { ok: false, detail: `${what} header typ is ${String(header.typ)}, not vc+jwt` };
  if (header.alg !== 'ES256' && header.alg !== 'EdDSA') return { ok: false, detail: `${what} alg ${String(header.alg)} is not accepted` };
  const key = jwks.keys.find((k) => k.kid === header.kid);
  if (!key) return { ok: false, detail: `${what} kid ${String(header.kid)} is not in the JWKS` };
  // A JWKS entry is trusted only under its own thumbprint: a key listed under another key's kid is refused.
  const { kid: _kid, alg: _alg, use: _use, key_ops: _ops, ...material } = key as JWK & { key_ops?: unknown };
  if ((await calculateJwkThumbprint(material, 'sha256')) !== header.kid)
    return { ok: false, detail: `${what} kid ${String(header.kid)} is not the thumbprint of the JWKS key listed under it` };
  try {
    const { payload } = await compactVerify(jws, await importJWK(material as JWK, header.alg as string), { algorithms: [header.alg as string] });
    const parsed = JSON.parse(new TextDecoder().decode(payload)) as CredentialJson;
    if (parsed.iss !== undefined && parsed.issuer !== undefined && parsed.iss !== (typeof parsed.issuer === 'string' ? parsed.issuer : parsed.issuer?.id))
      return { ok: false, detail: `${what} iss ${parsed.iss} differs from issuer` };
    return { ok: true, payload: parsed, kid: header.kid };
  } catch (e) {
    return { ok: false, detail: `${what} signature does not verify with key ${header.kid} (${(e as Error).message})` };
  }
};

const bitAt = (encodedList: string, index: number): boolean => {
  if (!encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url (u prefix)');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bits.length * 8) throw new Error(`index ${index} is outside the list of ${bits.length * 8} entries`);
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
};

/**
 * Verifies a registry credential offline: no server, no network, only the files given. Every check is reported
 * (✓ or ✗ with its reason); `ok` only if all hold. See docs/architecture.md, "Verify it yourself".
 */
export const verifyCredential = async (jws: string, options: VerifyOptions = {}): Promise<VerificationReport> => {
  const checks: Check[] = [];
  const pass = (check: string, detail: string) => checks.push({ check, ok: true, detail });
  const fail = (check: string, detail: string) => checks.push({ check, ok: false, detail });
  const now = options.now ?? new Date();
  jws = jws.trim();

  // 1. Signature and key.
  let credential: CredentialJson | null = null;
  try {
    credential = decodeJson(jws.split('.')[1] ?? '') as CredentialJson;
  } catch {
    fail('signature', 'the credential is not a compact JWS with a JSON payload');
    return { ok: false, checks, credential: null };
  }
  if (!options.jwks) fail('signature', 'no JWKS given (--jwks): the issuer’s signature cannot be checked');
  else {
    const verified = await verifyVcJwt(jws, options.jwks, 'the credential');
    if (verified.ok) {
      credential = verified.payload;
      pass('signature', `signed by ${issuerOf(credential)} with key ${verified.kid} (ES256, typ vc+jwt)`);
    } else fail('signature', verified.detail);
  }
  const c = credential;

  // 2. Validity window.
  const from = Date.parse(c.validFrom);
  const until = c.validUntil ? Date.parse(c.validUntil) : Infinity;
  if (Number.isNaN(from)) fail('validity', 'validFrom is missing or not a date');
  else if (now.getTime() < from) fail('validity', `not valid before ${c.validFrom} (now ${now.toISOString()})`);
  else if (now.getTime() >= until) fail('validity', `expired at ${c.validUntil} (now ${now.toISOString()})`);
  else pass('validity', `valid from ${c.validFrom}${c.validUntil ? ` until ${c.validUntil}` : ', no end'} (now ${now.toISOString()})`);

  // 3. Status (Bitstring Status List), each list verified with the same issuer keys.
  const status = c.credentialStatus;
  const entries: readonly StatusEntryJson[] = Array.isArray(status) ? status : status ? [status as StatusEntryJson] : [];
  if (entries.length === 0) pass('status', 'the credential carries no credentialStatus (an export-readiness verdict lapses by validUntil)');
  for (const entry of entries) {
    const name = `status ${entry.statusPurpose}`;
    const list = (options.statusLists ?? [])
      .map((s) => s.trim())
      .find((s) => {
        try {
          const listed = decodeJson(s.split('.')[1]);
          return isObject(listed) && listed.id === entry.statusListCredential;
        } catch {
          return false;
        }
      });
    if (!list) {
      fail(name, `no status list given for ${entry.statusListCredential} (--status-list)`);
      continue;
    }
    if (!options.jwks) {
      fail(name, 'no JWKS given: the status list’s signature cannot be checked');
      continue;
    }
    const verified = await verifyVcJwt(list, options.jwks, 'the status list');
    if (!verified.ok) {
      fail(name, verified.detail);
      continue;
    }
    const l = verified.payload;
    if (issuerOf(l) !== issuerOf(c)) fail(name, `the status list is issued by ${issuerOf(l)}, the credential by ${issuerOf(c)}`);
    else if (!l.type?.includes('BitstringStatusListCredential') || l.credentialSubject?.statusPurpose !== entry.statusPurpose)
      fail(name, `${entry.statusListCredential} is not a ${entry.statusPurpose} BitstringStatusListCredential`);
    else if (l.validUntil && now.getTime() >= Date.parse(l.validUntil)) fail(name, `the status list expired at ${l.validUntil}: fetch a current one`);
    else if (l.validFrom && now.getTime() < Date.parse(l.validFrom)) fail(name, `the status list is not valid before ${l.validFrom}`);
    else {
      try {
        const set = bitAt(l.credentialSubject.encodedList ?? '', Number(entry.statusListIndex));
        const state = entry.statusPurpose === 'revocation' ? 'REVOKED' : entry.statusPurpose === 'suspension' ? 'SUSPENDED' : `${entry.statusPurpose} set`;
        if (set) fail(name, `${state}: bit ${entry.statusListIndex} of ${entry.statusListCredential} is set (list signed ${l.validFrom})`);
        else
          pass(
            name,
            `not ${entry.statusPurpose === 'revocation' ? 'revoked' : entry.statusPurpose === 'suspension' ? 'suspended' : 'set'}: bit ${entry.statusListIndex} is clear (list signed ${l.validFrom})`,
          );
      } catch (e) {
        fail(name, `the status list cannot be read: ${(e as Error).message}`);
      }
    }
  }

  // 4. Countersignatures: the foreign regulators' own JWSs over the equivalences the verdict relies on.
  const evidence: readonly unknown[] = Array.isArray(c.evidence) ? c.evidence : [];
  const countersignatures = evidence.filter(ofType<CountersignatureEvidence>('EquivalenceCountersignature'));
  const lines: readonly unknown[] = Array.isArray(c.credentialSubject?.lines) ? c.credentialSubject.lines : [];
  for (const line of lines.filter(isRelyingLine)) {
    const cs = countersignatures.find((e) => e.equivalenceId === line.via.equivalenceId);
    const name = `countersignature ${line.via.equivalenceId}`;
    let signed: SignedTermsJson | null = null;
    try {
      signed = cs ? (JSON.parse(cs.signedPayload) as SignedTermsJson | null) : null;
    } catch {
      signed = null;
    }
    if (!cs) fail(name, `line ${line.requirement?.requirementId} relies on ${line.via.equivalenceId}, whose countersignature the credential does not carry`);
    else if (signed?.foreign?.requirementId !== line.requirement?.requirementId || signed?.hk?.requirementId !== line.via.hkRequirementId)
      fail(
        name,
        `line ${line.requirement?.requirementId} via ${line.via.hkRequirementId} is not what the regulator signed (${signed?.hk?.requirementId} → ${signed?.foreign?.requirementId})`,
      );
  }
  for (const cs of countersignatures) {
    const name = `countersignature ${cs.equivalenceId}`;
    if (!cs.jws) {
      (options.allowUnsignedCountersignatures ? pass : fail)(
        name,
        `countersigned by ${cs.jurisdiction} at ${cs.countersignedAt} before countersignatures were signatures: nothing to verify`,
      );
      continue;
    }
    try {
      const content = countersignatureContent(JSON.parse(cs.signedPayload));
      if (countersignaturePayload(content) !== cs.signedPayload) throw new Error('signedPayload is not the RFC 8785 JSON of the terms of an equivalence');
      if (content.equivalenceId !== cs.equivalenceId || content.foreignJurisdiction !== cs.jurisdiction)
        throw new Error('signedPayload names another equivalence or jurisdiction');
      const given = options.regulatorKeys?.[cs.jurisdiction];
      const record = cs.regulatorKey ?? null;
      const carried = record ? { key: await regulatorPublicKey(record.jwk), record } : null;
      if (carried && carried.key.keyId !== carried.record.keyId)
        throw new Error(`the key carried is not ${carried.record.keyId} (its thumbprint is ${carried.key.keyId})`);
      let keys;
      let source;
      if (given) {
        keys = await Promise.all(given.map(async (jwk) => ({ ...(await regulatorPublicKey(jwk)), validFrom: new Date(0).toISOString(), validUntil: null })));
        // The window comes from the registry's record when the key is the one it carries.
        keys = keys.map((k) =>
          carried && k.keyId === carried.key.keyId ? { ...k, validFrom: carried.record.validFrom, validUntil: carried.record.validUntil } : k,
        );
        source = `the ${cs.jurisdiction} keys you gave`;
      } else if (carried) {
        keys = [{ ...carried.key, validFrom: carried.record.validFrom, validUntil: carried.record.validUntil }];
        source = `the ${cs.jurisdiction} key the credential carries`;
      } else throw new Error(`no key for ${cs.jurisdiction}: give one with --regulator-keys`);
      const result = await verifyCountersignature(cs.jws, content, keys, cs.countersignedAt);
      if (result.outcome === 'VALID')
        pass(
          name,
          `${cs.jurisdiction} regulator signed ${content.hk.requirementId} → ${content.foreign.requirementId} (${content.strength}) with ${result.alg} key ${result.keyId}, checked against ${source}`,
        );
      else fail(name, `${result.outcome}: ${result.detail}`);
    } catch (e) {
      fail(name, (e as Error).message);
    }
  }

  // 5. Checkpoint: a C2SP signed note from the log's key.
  const anchor = c.registryLog;
  const note: string | undefined = options.checkpoint ?? anchor?.checkpoint?.note;
  let tree: { size: number; root: Uint8Array; origin: string } | null = null;
  const logEvents = evidence.filter(ofType<LogEventEvidence>('RegistryLogEvent'));
  if (!note)
    fail(
      'checkpoint',
      anchor?.checkpointStatus === 'NO_CHECKPOINT'
        ? 'the registry had signed no checkpoint yet: ask again later'
        : 'no checkpoint given (--checkpoint) and none carried',
    );
  else if (!options.logKeys?.length) fail('checkpoint', 'no log verifier key given (--log-key): the checkpoint’s signature cannot be checked');
  else {
    try {
      const { text, verifiedBy } = openNote(
        note,
        options.logKeys.map((k) => parseVerifierKey(k.trim())),
      );
      const cp = parseCheckpoint(text);
      tree = { size: cp.size, root: cp.rootHash, origin: cp.origin };
      // A credential issued before the log moved to entry format 2 names the retired log's origin; the same events
      // are in its successor `<origin>/v2` (same ids, types, positions), so a checkpoint of that log proves them too.
      if (anchor?.checkpoint?.origin && anchor.checkpoint.origin !== cp.origin && `${anchor.checkpoint.origin}/v2` !== cp.origin)
        throw new CheckpointError(`the checkpoint is for ${cp.origin}, the credential names ${anchor.checkpoint.origin}`);
      pass('checkpoint', `${cp.origin}: tree size ${cp.size}, root ${b64(cp.rootHash)}, signed by ${verifiedBy.map((v) => `${v.name}+${v.keyId}`).join(', ')}`);
    } catch (e) {
      tree = null;
      fail('checkpoint', e instanceof NoteError ? `${e.reason}: ${e.message}` : (e as Error).message);
    }
  }

  // 5b. The checkpoint extends the one the verifier held before (no rewritten history in between).
  if (options.previousCheckpoint !== undefined) {
    const result = tree
      ? checkpointConsistency(options.previousCheckpoint, tree, options.logKeys ?? [], options.consistencyProof)
      : { ok: false, detail: 'no verified checkpoint to compare the previous one with' };
    (result.ok ? pass : fail)('consistency', result.detail);
  }

  // 6. Inclusion of every event the credential names, against that checkpoint.
  if (tree) {
    const t = tree;
    for (const ev of logEvents) {
      const name = `inclusion ${ev.eventType} ${ev.eventId}`;
      const proof = options.proofs?.find((p) => p.eventId === ev.eventId);
      if (ev.leafIndex === null || ev.leafIndex === undefined) {
        fail(name, 'the credential gives no leaf index (the tree had not reached it): ask for the credential again');
        continue;
      }
      if (!proof) {
        fail(name, `no inclusion proof given for it (--proofs)`);
        continue;
      }
      let entry: LogEntryJson;
      try {
        entry = JSON.parse(proof.entry) as LogEntryJson;
      } catch {
        fail(name, 'the proof’s entry is not JSON');
        continue;
      }
      if (proof.treeSize !== t.size) fail(name, `the proof is for tree size ${proof.treeSize}, the checkpoint’s is ${t.size}`);
      else if (proof.leafIndex !== ev.leafIndex) fail(name, `the proof is for leaf ${proof.leafIndex}, the credential names leaf ${ev.leafIndex}`);
      else if (entry.id !== ev.eventId || entry.type !== ev.eventType || entry.position !== ev.logPosition)
        fail(name, `the proof’s entry is event ${entry.id} (${entry.type} at ${entry.position}), not the one the credential names (at ${ev.logPosition})`);
      else {
        const root = rootFromInclusionProof(
          proof.leafIndex,
          proof.treeSize,
          hashLeaf(new TextEncoder().encode(proof.entry)),
          proof.hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64'))),
        );
        if (!root || !equalHashes(root, t.root))
          fail(name, `leaf ${proof.leafIndex}: the proof does not lead to the checkpoint’s root (the event or the proof was altered)`);
        else {
          const cs = countersignatures.find((x) => x.eventId === ev.eventId);
          const key = countersignatures.find((x) => x.regulatorKey?.eventId === ev.eventId)?.regulatorKey;
          if (cs && entry.data?.countersignature?.jws !== cs.jws) fail(name, `the logged countersignature is not the JWS the credential carries`);
          else if (key && entry.data?.keyId !== key.keyId) fail(name, `the logged key registration is for ${entry.data?.keyId}, not ${key.keyId}`);
          else
            pass(
              name,
              `leaf ${proof.leafIndex} of ${t.size}: proof leads to the signed root${cs ? ' (the logged JWS is the one carried)' : key ? ' (the logged key is the one carried)' : ''}`,
            );
        }
      }
    }
  }
  return { ok: checks.every((x) => x.ok), checks, credential: c };
};

/** A verified checkpoint: its origin, size and root. */
export interface VerifiedTree {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
}

/**
 * Checks that a signed checkpoint held earlier and a verified one are two states of one append-only log: the
 * earlier note opens with the log's keys, names the same origin, and the RFC 9162 §2.1.4 consistency proof leads
 * from the smaller tree's root to the larger's (equal sizes need equal roots; a checkpoint of the empty tree is
 * extended by anything). Either may be the larger one: a verifier can also hold a newer checkpoint than it is
 * shown. Fails, with the reason, on a fork, a proof for other sizes, or a proof that does not verify.
 */
export const checkpointConsistency = (
  previousNote: string,
  current: VerifiedTree,
  logKeys: readonly string[],
  proof: ConsistencyProofFile | undefined,
): { ok: boolean; detail: string } => {
  let previous: VerifiedTree;
  try {
    if (!logKeys.length) return { ok: false, detail: 'no log verifier key given (--log-key): the previous checkpoint’s signature cannot be checked' };
    const cp = parseCheckpoint(
      openNote(
        previousNote,
        logKeys.map((k) => parseVerifierKey(k.trim())),
      ).text,
    );
    previous = { origin: cp.origin, size: cp.size, root: cp.rootHash };
  } catch (e) {
    return { ok: false, detail: `the previous checkpoint does not open: ${e instanceof NoteError ? `${e.reason}: ${e.message}` : (e as Error).message}` };
  }
  if (previous.origin !== current.origin)
    return {
      ok: false,
      detail:
        `${previous.origin}/v2` === current.origin
          ? `the previous checkpoint is of the retired log ${previous.origin} (entries of format 1); ${current.origin} is its successor, a new log: start monitoring it afresh`
          : `the previous checkpoint is for ${previous.origin}, this one for ${current.origin}`,
    };
  if (previous.size === current.size)
    return equalHashes(previous.root, current.root)
      ? { ok: true, detail: `the checkpoint is the one you held (tree size ${current.size}, same root)` }
      : { ok: false, detail: `two signed checkpoints of tree size ${current.size} with different roots: the log forked or was rewritten` };
  const [older, newer] = previous.size < current.size ? [previous, current] : [current, previous];
  const which = previous.size < current.size ? 'the checkpoint extends the one you held' : 'the checkpoint you held extends this one (it is older than yours)';
  if (older.size === 0) return { ok: true, detail: `${which}: the earlier tree is empty` };
  if (!proof) return { ok: false, detail: `no consistency proof given from tree size ${older.size} to ${newer.size} (--consistency-proof)` };
  if (proof.first !== older.size || proof.second !== newer.size)
    return {
      ok: false,
      detail: `the consistency proof is from ${proof.first} to ${proof.second}, the checkpoints are of ${older.size} and ${newer.size} leaves`,
    };
  const hashes = proof.hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64')));
  if (!verifyConsistency(older.size, newer.size, older.root, newer.root, hashes))
    return {
      ok: false,
      detail: `the consistency proof from ${older.size} to ${newer.size} leaves does not verify: the log was rewritten, or the proof altered`,
    };
  return {
    ok: true,
    detail: `${which}: tree size ${older.size} → ${newer.size}, consistency proof of ${hashes.length} hash(es) leads from root ${b64(older.root)} to ${b64(newer.root)}`,
  };
};

/** The report as the CLI prints it: one ✓/✗ line per check, then the verdict. */
export const formatReport = (report: VerificationReport): string =>
  [
    ...report.checks.map((x) => `${x.ok ? '✓' : '✗'} ${x.check}: ${x.detail}`),
    report.ok ? 'VERIFIED: every check holds.' : `NOT VERIFIED: ${report.checks.filter((x) => !x.ok).length} check(s) failed.`,
  ].join('\n');
