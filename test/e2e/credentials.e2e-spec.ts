import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, JSONWebKeySet, jwtVerify } from 'jose';
import * as transmute from '@transmute/verifiable-credentials';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { DAY, digest, lendingCertification } from './support/fixtures';
import { RunningRegistry } from './support/registry';

/**
 * Credentials and status lists checked only with code nobody on this project wrote: `jose` (JWS, JWKS),
 * Transmute's VC-JOSE-COSE verifier/validator (by the spec's editor) and Digital Bazaar's Bitstring Status
 * List implementation. Nothing from apps/ is imported here: everything comes over HTTP.
 */
const SIGNED = 'jws credential mediaType keyId';
const CERT_CREDENTIAL = `query($id: ID!) { certificationCredential(id: $id) { ${SIGNED} } }`;
const READINESS_CREDENTIAL = `query($input: ExportReadinessInput!) { exportReadinessCredential(input: $input) { ${SIGNED} } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) {
  modelId version jurisdiction useCase asOf computedAt status blocker modelVersionDeprecated validUntil
  frameworks { framework version }
  lines { requirement { framework version requirementId title } status reason unmetConditions { equivalenceId conditionId text }
          via { equivalenceId hkRequirementId certificationId } evidence { eventId position type } }
  integrity { code subject evidence { eventId position type } } } }`;
const MODEL = `mutation($m: RegisterModelInput!, $v: RegisterModelVersionInput!) { registerModel(input: $m) { id } registerModelVersion(input: $v) { id } }`;
const ISSUE = `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { id status } }`;
const lifecycle = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { id status } }`;
const SUSPEND = lifecycle('suspendCertification', 'SuspendCertificationInput');
const REINSTATE = lifecycle('reinstateCertification', 'ReinstateCertificationInput');
const REVOKE = lifecycle('revokeCertification', 'RevokeCertificationInput');

interface Signed {
  jws: string;
  credential: Record<string, any>;
  mediaType: string;
  keyId: string;
}

describe('verifiable credentials and status lists over HTTP (jose, Transmute, Digital Bazaar)', () => {
  let registry: RunningRegistry;
  let base: string;
  let issuerToken: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    base = registry.url.replace(/\/graphql$/, '');
    issuerToken = await registry.token('CERTIFIER', 'hkcb-demo', 'hkcb-demo');
    const owner = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    for (const [modelId, d] of [
      ['loanlens', '1'],
      ['loanlens-b', '2'],
    ]) {
      const r = await registry.gql(
        MODEL,
        {
          m: { modelId, firmId: 'harbour-lending', name: modelId, kind: { generative: false, generalPurpose: false } },
          v: { modelId, version: '1.0', weightsDigest: digest(d) },
        },
        owner,
      );
      expect(r.errors).toBeUndefined();
    }
  });
  afterAll(() => registry.stop());

  const issue = async (certificationId: string, modelId: string, d: string) => {
    const r = await registry.gql(
      ISSUE,
      {
        input: lendingCertification(certificationId, { modelId, weightsDigest: digest(d) }),
      },
      issuerToken,
    );
    expect(r.errors).toBeUndefined();
  };
  const credentialOf = async (id: string, token?: string): Promise<Signed> => {
    const r = await registry.gql(CERT_CREDENTIAL, { id }, token);
    expect(r.errors).toBeUndefined();
    return r.data.certificationCredential;
  };
  const jwks = async (): Promise<JSONWebKeySet> => {
    const response = await fetch(`${base}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/jwk-set+json');
    expect(response.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    return (await response.json()) as JSONWebKeySet;
  };
  /** jose alone: signature by a key of the published JWKS, the header VC-JOSE-COSE asks for, the payload. */
  const verifyWithJose = async (jws: string) => {
    const keys = await jwks();
    const header = decodeProtectedHeader(jws);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'vc+jwt', cty: 'vc' });
    expect(keys.keys.map((k) => k.kid)).toContain(header.kid);
    expect(keys.keys.find((k) => k.kid === header.kid)).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.keys.every((k) => !('d' in k))).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(jws, createLocalJWKSet(keys), { typ: 'vc+jwt', issuer: base, algorithms: ['ES256'] });
    expect(protectedHeader.kid).toBe(header.kid);
    // compactVerify too: the payload is the credential JSON itself (VC-JOSE-COSE: no `vc` claim).
    const raw = JSON.parse(new TextDecoder().decode((await compactVerify(jws, createLocalJWKSet(keys))).payload));
    expect(raw).toEqual(payload);
    expect(raw.vc).toBeUndefined();
    return payload as Record<string, any>;
  };
  /** Transmute's resolver contract: the verification key for this JWS, looked up by kid in the JWKS. */
  const transmuteResolver = (keys: JSONWebKeySet) => ({
    resolve: async ({ content, id }: { content?: Uint8Array; id?: string }) => {
      if (id) throw new Error(`no external resource expected, asked for ${id}`);
      const { kid } = decodeProtectedHeader(new TextDecoder().decode(content));
      const jwk = keys.keys.find((k) => k.kid === kid);
      if (!jwk) throw new Error(`unknown kid ${kid}`);
      return { type: 'application/jwk+json', content: new TextEncoder().encode(JSON.stringify(jwk)) };
    },
  });
  /** Fetches a status list credential by its URL and verifies its JWS with jose before handing it over. */
  const loadStatusList = async (url: string) => {
    expect(url.startsWith(`${base}/status/`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/vc+jwt');
    const { payload } = await jwtVerify(await response.text(), createLocalJWKSet(await jwks()), { typ: 'vc+jwt', issuer: base });
    return payload as Record<string, any>;
  };
  /** Digital Bazaar's checkStatus: decodes the list and reads the bit for each entry; issuers must match. */
  const statusBits = async (credential: Record<string, any>): Promise<Record<string, boolean>> => {
    const result = await checkStatus({
      credential,
      documentLoader: async (url: string) => ({ document: await loadStatusList(url), documentUrl: url, contextUrl: null }),
      verifyBitstringStatusListCredential: false, // verified above with jose: Digital Bazaar's vc verifies Data Integrity proofs only
      verifyMatchingIssuers: true,
    });
    if (!result.verified) throw result.error ?? new Error('status not verified');
    return Object.fromEntries(
      result.results.map((r: { credentialStatus: { statusPurpose: string }; status: boolean }) => [r.credentialStatus.statusPurpose, r.status]),
    );
  };

  it('certify, get the credential, verify it with jose and Transmute; suspend, reinstate and revoke show in the status lists', async () => {
    await issue('loanlens-1-0-hkai', 'loanlens', '1');
    const signed = await credentialOf('loanlens-1-0-hkai');
    expect(signed.mediaType).toBe('application/vc+jwt');
    const payload = await verifyWithJose(signed.jws);
    expect(payload).toEqual(signed.credential);
    expect(decodeProtectedHeader(signed.jws).kid).toBe(signed.keyId);

    expect(payload['@context'][0]).toBe('https://www.w3.org/ns/credentials/v2');
    expect(payload.type).toEqual(['VerifiableCredential', 'HkAiCertificationCredential']);
    expect(payload.issuer).toBe(base);
    expect(payload.iss).toBe(payload.issuer);
    expect(new Date(payload.validUntil).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
    expect(payload.credentialSubject).toMatchObject({
      modelId: 'loanlens',
      modelVersion: '1.0',
      weightsDigest: digest('1'),
      firmId: 'harbour-lending',
      certification: {
        id: 'loanlens-1-0-hkai',
        status: 'ACTIVE',
        framework: 'HK-AI',
        frameworkVersion: '0.9-draft',
        scope: { useCases: ['lending'], riskTier: 'HIGH' },
      },
      certifier: { id: 'hkcb-demo', accreditation: { status: 'ACTIVE', coveredCertificationAtIssue: true } },
    });
    // Restricted data never goes into a credential, even for the certifier that may see it elsewhere.
    expect(JSON.stringify(payload)).not.toContain(digest('a'));
    expect(JSON.stringify((await credentialOf('loanlens-1-0-hkai', issuerToken)).credential)).not.toContain(digest('a'));
    // The events it rests on, with their log positions; no checkpoint is invented before one exists.
    expect(payload.evidence.map((e: { eventType: string }) => e.eventType)).toEqual(
      expect.arrayContaining(['CertificationIssued', 'CertifierAccredited', 'ModelVersionRegistered']),
    );
    for (const e of payload.evidence) expect(e.logPosition).toMatch(/^\d+\.\d+$/);
    expect(payload.registryLog.knownAt).toMatch(/^\d+\.\d+$/);
    expect(['NO_CHECKPOINT', 'PENDING', 'INCLUDED']).toContain(payload.registryLog.checkpointStatus);
    if (payload.registryLog.checkpointStatus === 'NO_CHECKPOINT') expect(payload.registryLog.checkpoint).toBeNull();

    // Issuer metadata (SD-JWT VC well-known) leads to the same JWKS.
    const metadata = await (await fetch(`${base}/.well-known/jwt-vc-issuer`)).json();
    expect(metadata).toEqual({ issuer: base, jwks_uri: `${base}/.well-known/jwks.json` });

    // Transmute's VC-JOSE-COSE verifier, resolving the key by kid from the JWKS.
    const keys = await jwks();
    const verified = await transmute
      .verifier({ resolver: transmuteResolver(keys) as never })
      .verify({ type: 'application/vc-ld+jwt', content: new TextEncoder().encode(signed.jws) });
    expect(verified).toEqual(payload);

    // A tampered payload or a key not in the JWKS fails both.
    const [h, p, s] = signed.jws.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, validUntil: '2099-01-01T00:00:00Z' })).toString('base64url')}.${s}`;
    await expect(verifyWithJose(forged)).rejects.toThrow();
    await expect(
      transmute.verifier({ resolver: transmuteResolver(keys) as never }).verify({ type: 'application/vc-ld+jwt', content: new TextEncoder().encode(forged) }),
    ).rejects.toThrow();
    void p;

    // Status: both entries, both clear.
    expect(payload.credentialStatus).toHaveLength(2);
    for (const entry of payload.credentialStatus) {
      expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusListCredential: `${base}/status/${entry.statusPurpose}/1` });
      expect(entry.statusListIndex).toMatch(/^\d+$/);
    }
    expect(await statusBits(payload)).toEqual({ revocation: false, suspension: false });

    const sent = (doc: string, input: Record<string, unknown>) => registry.gql(doc, { input: { certificationId: 'loanlens-1-0-hkai', ...input } }, issuerToken);
    expect((await sent(SUSPEND, { reason: 'audit finding' })).data.suspendCertification.status).toBe('SUSPENDED');
    expect(await statusBits(payload)).toEqual({ revocation: false, suspension: true });
    expect((await sent(REINSTATE, {})).data.reinstateCertification.status).toBe('ACTIVE');
    expect(await statusBits(payload)).toEqual({ revocation: false, suspension: false });
    expect((await sent(REVOKE, { reason: 'weights replaced' })).data.revokeCertification.status).toBe('REVOKED');
    expect(await statusBits(payload)).toEqual({ revocation: true, suspension: false });

    // A revoked certification gets no new credential.
    const again = await registry.gql(CERT_CREDENTIAL, { id: 'loanlens-1-0-hkai' });
    expect(again.errors?.map((e) => `${e.extensions.code}/${e.extensions.reason}`)).toEqual(['CONFLICT/CREDENTIAL.CERTIFICATION_NOT_ACTIVE']);
  });

  it("publishes status lists of the spec's minimum size, decodable by Digital Bazaar, each bit at its own slot", async () => {
    await issue('loanlens-b-1-0-hkai', 'loanlens-b', '2');
    const b = (await credentialOf('loanlens-b-1-0-hkai')).credential;
    const list = await loadStatusList(`${base}/status/suspension/1`);
    expect(list).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `${base}/status/suspension/1`,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: base,
      credentialSubject: { id: `${base}/status/suspension/1#list`, type: 'BitstringStatusList', statusPurpose: 'suspension' },
    });
    expect(list.credentialSubject.encodedList.startsWith('u')).toBe(true);
    const decoded = await decodeList({ encodedList: list.credentialSubject.encodedList });
    expect(decoded.length).toBeGreaterThanOrEqual(131_072);
    const bIndex = Number(b.credentialStatus[1].statusListIndex);
    expect(decoded.getStatus(bIndex)).toBe(false);
    await registry.gql(SUSPEND, { input: { certificationId: 'loanlens-b-1-0-hkai', reason: 'check' } }, issuerToken);
    const after = await decodeList({ encodedList: (await loadStatusList(`${base}/status/suspension/1`)).credentialSubject.encodedList });
    const set = [];
    for (let i = 0; i < after.length; i++) if (after.getStatus(i)) set.push(i);
    expect(set).toEqual([bIndex]);
    // The revocation list still holds the first certification's bit only (allocated before this one's).
    const revoked = await decodeList({ encodedList: (await loadStatusList(`${base}/status/revocation/1`)).credentialSubject.encodedList });
    expect(revoked.getStatus(bIndex)).toBe(false);
    expect(bIndex).toBeGreaterThan(0);
    expect(revoked.getStatus(bIndex - 1)).toBe(true);
  });

  /** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, computed here from the leaf's entry bytes. */
  const rootFromProof = (entry: string, leafIndex: number, treeSize: number, path: string[]): string => {
    const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = h(Buffer.from([0]), Buffer.from(entry, 'utf8'));
    for (const p of path.map((x) => Buffer.from(x, 'base64'))) {
      if (sn === 0) throw new Error('proof too long');
      if (fn % 2 === 1 || fn === sn) {
        r = h(Buffer.from([1]), p, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else r = h(Buffer.from([1]), r, p);
      fn >>= 1;
      sn >>= 1;
    }
    if (sn !== 0) throw new Error('proof too short');
    return r.toString('base64');
  };

  it('names the signed checkpoint that includes every event it relies on, once one does (inclusion recomputed here)', async () => {
    await issue('loanlens-c-1-0-hkai', 'loanlens-b', '2');
    let payload: Record<string, any> = {};
    for (let tries = 0; tries < 60; tries++) {
      payload = await verifyWithJose((await credentialOf('loanlens-c-1-0-hkai')).jws);
      if (payload.registryLog.checkpointStatus === 'INCLUDED') break;
      // Before: explicitly no or a too-early checkpoint, never an invented one.
      expect(['NO_CHECKPOINT', 'PENDING']).toContain(payload.registryLog.checkpointStatus);
      await new Promise((done) => setTimeout(done, 500));
    }
    const { checkpoint } = payload.registryLog;
    expect(payload.registryLog.checkpointStatus).toBe('INCLUDED');
    expect(checkpoint.note).toContain(`\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n`);
    const PROOF = `query($leafIndex: Int!, $treeSize: Int!) { inclusionProof(leafIndex: $leafIndex, treeSize: $treeSize) { eventId entry hashes } }`;
    for (const e of payload.evidence) {
      expect(e.leafIndex).toBeLessThan(checkpoint.treeSize);
      const r = await registry.gql(PROOF, { leafIndex: e.leafIndex, treeSize: checkpoint.treeSize });
      expect(r.errors).toBeUndefined();
      const proof = r.data.inclusionProof;
      expect(proof.eventId).toBe(e.eventId);
      expect(rootFromProof(proof.entry, e.leafIndex, checkpoint.treeSize, proof.hashes)).toBe(checkpoint.rootHash);
    }
  }, 60_000);

  it('answers 404 for unknown status lists and NOT_FOUND for unknown certifications', async () => {
    for (const path of ['/status/revocation/2', '/status/refresh/1', '/status/suspension/0', '/status/suspension/x'])
      expect((await fetch(`${base}${path}`)).status).toBe(404);
    for (const id of ['no-such-certification', 'NOT a valid id', 'x'.repeat(300)]) {
      const r = await registry.gql(CERT_CREDENTIAL, { id });
      expect(r.errors?.map((e) => `${e.extensions.code}/${e.extensions.reason}`)).toEqual(['NOT_FOUND/CERTIFICATION.NOT_FOUND']);
    }
  });

  it.each([
    ['READY', { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'EU', useCase: 'chatbot' }],
    ['NOT_READY', { modelId: 'creditscope', version: '2.1', jurisdiction: 'EU', useCase: 'lending', asOf: '2027-12-15T00:00:00Z' }],
  ])('signs the exportReadiness answer (%s): the same lines as the query at the same knownAt', async (status, input) => {
    const r = await registry.gql(READINESS_CREDENTIAL, { input });
    expect(r.errors).toBeUndefined();
    const signed: Signed = r.data.exportReadinessCredential;
    const payload = await verifyWithJose(signed.jws);
    const subject = payload.credentialSubject;
    expect(subject.status).toBe(status);
    expect(payload.type).toEqual(['VerifiableCredential', 'HkAiExportReadinessCredential']);
    const query = await registry.gql(VERDICT, { input: { ...input, asOf: subject.asOf, knownAt: subject.knownAt } });
    expect(query.errors).toBeUndefined();
    const verdict = query.data.exportReadiness;
    expect(subject.lines).toEqual(verdict.lines);
    expect(subject.integrity).toEqual(verdict.integrity);
    expect({ ...subject, type: undefined, knownAt: undefined }).toEqual({ ...verdict, type: undefined, knownAt: undefined });
    expect(subject.lines.length).toBeGreaterThan(0);
    expect(payload.validFrom).toBe(subject.asOf);
    expect(payload.validUntil ?? null).toBe(verdict.validUntil);
    const named = new Set(payload.evidence.map((e: { eventId: string }) => e.eventId));
    for (const line of verdict.lines) for (const e of line.evidence) expect(named.has(e.eventId)).toBe(true);

    // Transmute's validator: verifies the JWS (key by kid from our JWKS) and runs its VC 2.0 conformance checks.
    const validation = await transmute
      .validator({ resolver: transmuteResolver(await jwks()) as never })
      .validate({ type: 'application/vc-ld+jwt', content: new TextEncoder().encode(signed.jws) });
    expect(validation.verified).toBe(true);
    expect(validation.content).toEqual(payload);
    // Its only remarks: Transmute accepts https identifiers only (VC 2.0 allows any URL), so the urn:uuid id and
    // this test server's http issuer are flagged; a production CREDENTIAL_ISSUER_URL is https.
    for (const w of validation.warnings as { pointer: string; message: string }[]) {
      expect([
        ['/id', `Identifier will not be well understood:  ${payload.id}`],
        ['/issuer', `Identifier will not be well understood:  ${base}`],
        ['/issuer', 'Issuer MUST be a valid URL or an object containing an id property that is a valid URL'],
      ]).toContainEqual([w.pointer, w.message]);
    }
  });

  it('refuses bad export-readiness input as exportReadiness does', async () => {
    const r = await registry.gql(READINESS_CREDENTIAL, { input: { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'ZZZ', useCase: 'chatbot' } });
    expect(r.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
