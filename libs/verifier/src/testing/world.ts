import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import canonicalize from 'canonicalize';
import { calculateJwkThumbprint, CompactSign, JWK } from 'jose';
import { formatCheckpoint, formatVerifierKey, hashLeaf, MemoryTree, noteSigner, signNote, verifierOf } from '@registry/transparency';
import { countersignatureContent, countersignaturePayload, regulatorPublicKey, signCountersignature } from '../countersignature';
import { VerifyOptions } from '../credential-verifier';

/**
 * A registry in miniature for the offline verifier's tests and its benchmark (bench:trust): an issuer key, a
 * regulator key, logged events, a signed checkpoint, inclusion proofs and status lists, made with independent
 * encoders (not the registry's own code), so the verifier is checked against the formats, not against itself.
 */
export const ISSUER = 'https://registry.example.hk';
export const NOW = new Date('2027-03-01T00:00:00.000Z');
export const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');

/** An independent Bitstring Status List encoder (the Recommendation's: GZIP, multibase `u`, index 0 = leftmost bit). */
export const encodedList = (set: number[]) => {
  const bits = new Uint8Array(131072 / 8);
  for (const i of set) bits[i >> 3] |= 0x80 >> (i & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
};

export const issuerKey = async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { privateKey, kid: await calculateJwkThumbprint(jwk, 'sha256'), jwk };
};
export type IssuerKey = Awaited<ReturnType<typeof issuerKey>>;
export const signVc = (payload: object, key: { privateKey: KeyObject; kid: string }) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', typ: 'vc+jwt', cty: 'vc', kid: key.kid })
    .sign(key.privateKey);

export const proposal = {
  equivalenceId: 'eq-1',
  hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-05' },
  foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-12' },
  foreignJurisdiction: 'EU',
  strength: 'FULL',
  conditions: [],
  scope: { useCases: ['lending'] },
  effectiveFrom: '2026-06-01T00:00:00.000Z',
  effectiveUntil: null,
  illustrative: false,
};

/** A registry in miniature: an issuer key, a regulator key, three logged events, a signed checkpoint, proofs. */
export const world = async (over: { suspended?: number[]; revoked?: number[]; countersignWith?: KeyObject; signedTerms?: object } = {}) => {
  const issuer = await issuerKey();
  const jwks = { keys: [{ ...issuer.jwk, kid: issuer.kid, alg: 'ES256', use: 'sig' }] };
  const regulator = generateKeyPairSync('ed25519');
  const regulatorKey = await regulatorPublicKey(regulator.publicKey.export({ format: 'jwk' }));
  const content = countersignatureContent(proposal);
  const jws = await signCountersignature(countersignatureContent(over.signedTerms ?? proposal), over.countersignWith ?? regulator.privateKey, regulatorKey);
  const entries = [
    {
      id: 'e-1',
      stream: 'certification-c1',
      version: 1,
      type: 'CertificationIssued',
      schemaVersion: 1,
      data: { certificationId: 'c1' },
      metadata: {},
      position: '10.1',
    },
    {
      id: 'e-2',
      stream: 'regulator-key-EU',
      version: 1,
      type: 'RegulatorKeyRegistered',
      schemaVersion: 1,
      data: { jurisdiction: 'EU', keyId: regulatorKey.keyId },
      metadata: {},
      position: '11.2',
    },
    {
      id: 'e-3',
      stream: 'equivalence-eq-1',
      version: 2,
      type: 'EquivalenceCountersigned',
      schemaVersion: 1,
      data: { equivalenceId: 'eq-1', countersignature: { jws } },
      metadata: {},
      position: '12.3',
    },
  ].map((e) => canonicalize(e)!);
  const tree = new MemoryTree();
  for (const e of entries) tree.append(hashLeaf(new TextEncoder().encode(e)));
  tree.append(hashLeaf(new TextEncoder().encode('{"id":"e-4"}')));
  const logSigner = noteSigner('registry.example.hk/log', generateKeyPairSync('ed25519').privateKey);
  const note = signNote(formatCheckpoint({ origin: 'registry.example.hk/log', size: tree.size, rootHash: tree.root() }), [logSigner]);
  const proofs = entries.map((entry, i) => ({
    eventId: JSON.parse(entry).id,
    leafIndex: i,
    treeSize: tree.size,
    hashes: tree.inclusionProof(i, tree.size).map(b64),
    entry,
  }));
  const list = (purpose: string, n: number, set: number[]) =>
    signVc(
      {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: `${ISSUER}/status/${purpose}/${n}`,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: ISSUER,
        iss: ISSUER,
        validFrom: '2027-02-28T12:00:00.000Z',
        validUntil: '2027-03-01T12:00:00.000Z',
        credentialSubject: { id: `${ISSUER}/status/${purpose}/${n}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList: encodedList(set) },
      },
      issuer,
    );
  const statusEntry = (purpose: string) => ({
    id: `${ISSUER}/status/${purpose}/1#5`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: '5',
    statusListCredential: `${ISSUER}/status/${purpose}/1`,
  });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:1',
    type: ['VerifiableCredential', 'HkAiExportReadinessCredential'],
    issuer: ISSUER,
    iss: ISSUER,
    validFrom: '2027-01-01T00:00:00.000Z',
    validUntil: '2028-01-01T00:00:00.000Z',
    credentialSubject: {
      status: 'READY',
      lines: [{ requirement: { requirementId: 'ART-12' }, status: 'SATISFIED', via: { equivalenceId: 'eq-1', hkRequirementId: 'HK-AI-05' } }],
    },
    credentialStatus: [statusEntry('revocation'), statusEntry('suspension')],
    evidence: [
      ...entries.map((entry, i) => ({
        type: 'RegistryLogEvent',
        eventId: JSON.parse(entry).id,
        eventType: JSON.parse(entry).type,
        logPosition: JSON.parse(entry).position,
        leafIndex: i,
      })),
      {
        type: 'EquivalenceCountersignature',
        equivalenceId: 'eq-1',
        jurisdiction: 'EU',
        countersignedAt: '2026-12-01T00:00:00.000Z',
        eventId: 'e-3',
        signedPayload: countersignaturePayload(content),
        jws,
        regulatorKey: {
          keyId: regulatorKey.keyId,
          alg: 'EdDSA',
          jwk: regulatorKey.jwk,
          validFrom: '2026-11-01T00:00:00.000Z',
          validUntil: null,
          eventId: 'e-2',
        },
      },
    ],
    registryLog: {
      knownAt: '12.3',
      checkpointStatus: 'INCLUDED',
      checkpoint: { origin: 'registry.example.hk/log', treeSize: tree.size, rootHash: b64(tree.root()), keyId: logSigner.keyId, note },
    },
  };
  const options: VerifyOptions = {
    jwks,
    statusLists: [await list('revocation', 1, over.revoked ?? []), await list('suspension', 1, over.suspended ?? [])],
    logKeys: [formatVerifierKey(verifierOf(logSigner))],
    proofs,
    now: NOW,
  };
  return { issuer, credential, options, sign: (c: object, key: IssuerKey = issuer) => signVc(c, key), regulatorKey, logSigner, tree };
};
