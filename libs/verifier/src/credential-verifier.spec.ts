import { generateKeyPairSync } from 'node:crypto';
import { formatCheckpoint, formatVerifierKey, hashLeaf, MemoryTree, noteSigner, signNote, verifierOf } from '@registry/transparency';
import { regulatorPublicKey } from './countersignature';
import { checkpointConsistency, verifyCredential } from './credential-verifier';
import { b64, issuerKey, proposal, world } from './testing/world';

const failed = (report: { checks: readonly { check: string; ok: boolean; detail: string }[] }) =>
  report.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);

describe('offline credential verifier', () => {
  it('verifies a good credential: signature, validity, both status bits, the countersignature and every inclusion', async () => {
    const w = await world();
    const report = await verifyCredential(await w.sign(w.credential), w.options);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.check)).toEqual([
      'signature',
      'validity',
      'status revocation',
      'status suspension',
      'countersignature eq-1',
      'checkpoint',
      'inclusion CertificationIssued e-1',
      'inclusion RegulatorKeyRegistered e-2',
      'inclusion EquivalenceCountersigned e-3',
    ]);
  });

  it('refuses a tampered payload (signature no longer verifies)', async () => {
    const w = await world();
    const [h, , s] = (await w.sign(w.credential)).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...w.credential, validUntil: '2099-01-01T00:00:00.000Z' })).toString('base64url');
    const report = await verifyCredential(`${h}.${tampered}.${s}`, w.options);
    expect(report.ok).toBe(false);
    expect(failed(report)[0]).toMatch(/^signature: the credential signature does not verify/);
  });

  it('refuses a credential signed by another key, under the issuer’s kid or its own', async () => {
    const w = await world();
    const other = await issuerKey();
    expect(failed(await verifyCredential(await w.sign(w.credential, { ...other, kid: w.issuer.kid }), w.options))[0]).toMatch(/^signature: .*does not verify/);
    expect(failed(await verifyCredential(await w.sign(w.credential, other), w.options))[0]).toMatch(/^signature: the credential kid .* is not in the JWKS/);
    // A JWKS entry listed under a kid that is not its thumbprint is not trusted.
    const jwks = { keys: [{ ...other.jwk, kid: w.issuer.kid }] };
    expect(failed(await verifyCredential(await w.sign(w.credential, { ...other, kid: w.issuer.kid }), { ...w.options, jwks }))[0]).toMatch(
      /not the thumbprint/,
    );
  });

  it('reports an expired credential and one not yet valid', async () => {
    const w = await world();
    const jws = await w.sign(w.credential);
    expect(failed(await verifyCredential(jws, { ...w.options, now: new Date('2028-01-01T00:00:00.000Z') }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^validity: expired at 2028-01-01/)]),
    );
    expect(failed(await verifyCredential(jws, { ...w.options, now: new Date('2026-12-31T00:00:00.000Z') }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^validity: not valid before/)]),
    );
  });

  it('reports SUSPENDED and REVOKED from the status lists’ bits, and a status list that is missing, forged or stale', async () => {
    const suspended = await world({ suspended: [5] });
    expect(failed(await verifyCredential(await suspended.sign(suspended.credential), suspended.options))).toEqual([
      expect.stringMatching(/^status suspension: SUSPENDED: bit 5 of .*\/status\/suspension\/1 is set/),
    ]);
    const revoked = await world({ revoked: [5], suspended: [4, 6] });
    expect(failed(await verifyCredential(await revoked.sign(revoked.credential), revoked.options))).toEqual([
      expect.stringMatching(/^status revocation: REVOKED: bit 5/),
    ]);
    const w = await world();
    const jws = await w.sign(w.credential);
    expect(failed(await verifyCredential(jws, { ...w.options, statusLists: [w.options.statusLists![0]] }))).toEqual([
      expect.stringMatching(/^status suspension: no status list given/),
    ]);
    const forgedList = suspended.options.statusLists![1]; // signed by another issuer key
    expect(failed(await verifyCredential(jws, { ...w.options, statusLists: [w.options.statusLists![0], forgedList] }))).toEqual([
      expect.stringMatching(/^status suspension: the status list kid .* is not in the JWKS/),
    ]);
    expect(failed(await verifyCredential(jws, { ...w.options, now: new Date('2027-03-02T00:00:00.000Z') }))).toEqual([
      expect.stringMatching(/^status revocation: the status list expired/),
      expect.stringMatching(/^status suspension: the status list expired/),
    ]);
  });

  it('refuses a countersignature JWS by another key than the regulator’s, or over other terms than the equivalence’s', async () => {
    const wrongKey = await world({ countersignWith: generateKeyPairSync('ed25519').privateKey });
    expect(failed(await verifyCredential(await wrongKey.sign(wrongKey.credential), wrongKey.options))).toEqual([
      expect.stringMatching(/^countersignature eq-1: BAD_SIGNATURE/),
    ]);
    const otherTerms = await world({ signedTerms: { ...proposal, strength: 'PARTIAL', conditions: [{ id: 'C1', text: 'x' }] } });
    expect(failed(await verifyCredential(await otherTerms.sign(otherTerms.credential), otherTerms.options))).toEqual([
      expect.stringMatching(/^countersignature eq-1: BAD_SIGNATURE/),
    ]);
    // Regulator keys you hold yourself override the key the credential carries.
    const w = await world();
    const mine = (await regulatorPublicKey(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }))).jwk;
    expect(failed(await verifyCredential(await w.sign(w.credential), { ...w.options, regulatorKeys: { EU: [mine] } }))).toEqual([
      expect.stringMatching(/^countersignature eq-1: UNKNOWN_KEY/),
    ]);
    expect(failed(await verifyCredential(await w.sign(w.credential), { ...w.options, regulatorKeys: { EU: [w.regulatorKey.jwk] } }))).toEqual([]);
  });

  it('refuses a line relying on an equivalence without its countersignature, and an unsigned (legacy) countersignature unless allowed', async () => {
    const w = await world();
    const without = { ...w.credential, evidence: w.credential.evidence.filter((e) => e.type !== 'EquivalenceCountersignature') };
    expect(failed(await verifyCredential(await w.sign(without), w.options))).toEqual([
      expect.stringMatching(/^countersignature eq-1: line ART-12 relies on eq-1, whose countersignature the credential does not carry/),
    ]);
    const legacy = {
      ...w.credential,
      evidence: w.credential.evidence.map((e) => (e.type === 'EquivalenceCountersignature' ? { ...e, jws: null, regulatorKey: null } : e)),
    };
    const jws = await w.sign(legacy);
    expect(failed(await verifyCredential(jws, w.options))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^countersignature eq-1: countersigned by EU .* before countersignatures were signatures/),
        expect.stringMatching(/^inclusion EquivalenceCountersigned e-3: the logged countersignature is not the JWS/),
      ]),
    );
  });

  it('refuses a proof that does not lead to the checkpoint’s root, a proof for another event, and no proofs', async () => {
    const w = await world();
    const jws = await w.sign(w.credential);
    const proofs = w.options.proofs!.map((p, i) => (i === 0 ? { ...p, hashes: [b64(new Uint8Array(32)), ...p.hashes.slice(1)] } : p));
    expect(failed(await verifyCredential(jws, { ...w.options, proofs }))).toEqual([
      expect.stringMatching(/^inclusion CertificationIssued e-1: leaf 0: the proof does not lead to the checkpoint’s root/),
    ]);
    const altered = w.options.proofs!.map((p, i) => (i === 0 ? { ...p, entry: p.entry.replace('"c1"', '"c2"') } : p));
    expect(failed(await verifyCredential(jws, { ...w.options, proofs: altered }))).toEqual([
      expect.stringMatching(/^inclusion CertificationIssued e-1: leaf 0: the proof does not lead/),
    ]);
    const swapped = w.options.proofs!.map((p, i) => (i === 0 ? { ...w.options.proofs![1], eventId: 'e-1' } : p));
    expect(failed(await verifyCredential(jws, { ...w.options, proofs: swapped }))[0]).toMatch(/^inclusion CertificationIssued e-1: the proof is for leaf 1/);
    expect(failed(await verifyCredential(jws, { ...w.options, proofs: [] }))).toHaveLength(3);
  });

  it('verifies a credential naming the retired log with a checkpoint of its /v2 successor, and refuses any other origin', async () => {
    const w = await world();
    const jws = await w.sign(w.credential);
    const checkpointOf = (origin: string) => {
      const signer = noteSigner(origin, w.logSigner.privateKey);
      return {
        note: signNote(formatCheckpoint({ origin, size: w.tree.size, rootHash: w.tree.root() }), [signer]),
        key: formatVerifierKey(verifierOf(signer)),
      };
    };
    const v2 = checkpointOf('registry.example.hk/log/v2');
    expect(failed(await verifyCredential(jws, { ...w.options, checkpoint: v2.note, logKeys: [v2.key] }))).toEqual([]);
    const other = checkpointOf('registry.example.hk/log/v3');
    expect(failed(await verifyCredential(jws, { ...w.options, checkpoint: other.note, logKeys: [other.key] }))).toEqual([
      expect.stringMatching(/^checkpoint: the checkpoint is for registry.example.hk\/log\/v3, the credential names registry.example.hk\/log$/),
    ]);
  });

  it('refuses a forged checkpoint: another key under the log’s name, or an altered root', async () => {
    const w = await world();
    const jws = await w.sign(w.credential);
    const forger = noteSigner('registry.example.hk/log', generateKeyPairSync('ed25519').privateKey);
    const forged = signNote(formatCheckpoint({ origin: 'registry.example.hk/log', size: w.tree.size, rootHash: new Uint8Array(32) }), [forger]);
    expect(failed(await verifyCredential(jws, { ...w.options, checkpoint: forged }))).toEqual([expect.stringMatching(/^checkpoint: UNVERIFIED/)]);
    const note = w.credential.registryLog.checkpoint.note;
    const lines = note.split('\n');
    lines[2] = b64(new Uint8Array(32).fill(7));
    expect(failed(await verifyCredential(jws, { ...w.options, checkpoint: lines.join('\n') }))).toEqual([
      expect.stringMatching(/^checkpoint: INVALID_SIGNATURE/),
    ]);
    expect(failed(await verifyCredential(jws, { ...w.options, logKeys: [] }))).toEqual([expect.stringMatching(/^checkpoint: no log verifier key/)]);
  });

  describe('consistency with a checkpoint the verifier held before', () => {
    const ORIGIN = 'registry.example.hk/log';
    const checkpointOf = (tree: MemoryTree, size: number, signer: Parameters<typeof signNote>[1][number]) =>
      signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: tree.root(size) }), [signer]);
    const proofOf = (tree: MemoryTree, first: number, second: number) => ({ first, second, hashes: tree.consistencyProof(first, second).map(b64) });
    const consistency = (report: { checks: readonly { check: string; ok: boolean; detail: string }[] }) => report.checks.find((c) => c.check === 'consistency');

    it('passes when the checkpoint extends the older one (and the older one is a prefix of it)', async () => {
      const w = await world();
      const jws = await w.sign(w.credential);
      for (const older of [1, 2, 3]) {
        const report = await verifyCredential(jws, {
          ...w.options,
          previousCheckpoint: checkpointOf(w.tree, older, w.logSigner),
          consistencyProof: proofOf(w.tree, older, 4),
        });
        expect(failed(report)).toEqual([]);
        expect(consistency(report)?.detail).toMatch(new RegExp(`^the checkpoint extends the one you held: tree size ${older} → 4`));
      }
      const same = await verifyCredential(jws, { ...w.options, previousCheckpoint: w.credential.registryLog.checkpoint.note });
      expect(consistency(same)).toMatchObject({ ok: true, detail: 'the checkpoint is the one you held (tree size 4, same root)' });
      // No previous checkpoint given: no consistency line at all.
      expect(consistency(await verifyCredential(jws, w.options))).toBeUndefined();
    });

    it('passes when the verifier holds a newer checkpoint that extends the one shown', async () => {
      const w = await world();
      const longer = new MemoryTree();
      for (let i = 0; i < 4; i++) longer.append(w.tree.leafHash(i));
      longer.append(hashLeaf(new TextEncoder().encode('{"id":"e-5"}')));
      const report = await verifyCredential(await w.sign(w.credential), {
        ...w.options,
        previousCheckpoint: checkpointOf(longer, 5, w.logSigner),
        consistencyProof: proofOf(longer, 4, 5),
      });
      expect(failed(report)).toEqual([]);
      expect(consistency(report)?.detail).toMatch(/^the checkpoint you held extends this one \(it is older than yours\): tree size 4 → 5/);
    });

    it('refuses a rewritten history (fork), a proof for other sizes, a missing or altered proof, and a previous checkpoint it cannot open', async () => {
      const w = await world();
      const jws = await w.sign(w.credential);
      const forked = new MemoryTree();
      for (const leaf of ['{"id":"x-1"}', '{"id":"x-2"}', '{"id":"x-3"}']) forked.append(hashLeaf(new TextEncoder().encode(leaf)));
      const run = async (over: object) => failed(await verifyCredential(jws, { ...w.options, ...over }));

      // The registry signed a tree of 3 leaves that the tree of 4 does not extend: no proof from the real tree fits.
      expect(await run({ previousCheckpoint: checkpointOf(forked, 3, w.logSigner), consistencyProof: proofOf(w.tree, 3, 4) })).toEqual([
        expect.stringMatching(/^consistency: the consistency proof from 3 to 4 leaves does not verify/),
      ]);
      expect(await run({ previousCheckpoint: checkpointOf(forked, 3, w.logSigner).replace(/\n3\n/, '\n4\n') })).toEqual([
        expect.stringMatching(/^consistency: the previous checkpoint does not open/),
      ]);
      const sameSizeOtherRoot = new MemoryTree();
      for (let i = 0; i < 3; i++) sameSizeOtherRoot.append(w.tree.leafHash(i));
      sameSizeOtherRoot.append(hashLeaf(new TextEncoder().encode('{"id":"e-4-rewritten"}')));
      expect(await run({ previousCheckpoint: checkpointOf(sameSizeOtherRoot, 4, w.logSigner) })).toEqual([
        expect.stringMatching(/^consistency: two signed checkpoints of tree size 4 with different roots/),
      ]);
      expect(await run({ previousCheckpoint: checkpointOf(w.tree, 2, w.logSigner), consistencyProof: proofOf(w.tree, 3, 4) })).toEqual([
        expect.stringMatching(/^consistency: the consistency proof is from 3 to 4, the checkpoints are of 2 and 4 leaves/),
      ]);
      expect(await run({ previousCheckpoint: checkpointOf(w.tree, 3, w.logSigner) })).toEqual([
        expect.stringMatching(/^consistency: no consistency proof given from tree size 3 to 4/),
      ]);
      const altered = proofOf(w.tree, 3, 4);
      expect(
        await run({ previousCheckpoint: checkpointOf(w.tree, 3, w.logSigner), consistencyProof: { ...altered, hashes: [...altered.hashes].reverse() } }),
      ).toEqual([expect.stringMatching(/^consistency: the consistency proof from 3 to 4 leaves does not verify/)]);
      const stranger = noteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
      expect(await run({ previousCheckpoint: checkpointOf(w.tree, 3, stranger), consistencyProof: proofOf(w.tree, 3, 4) })).toEqual([
        expect.stringMatching(/^consistency: the previous checkpoint does not open: UNVERIFIED/),
      ]);
      const otherLog = noteSigner('elsewhere.example/log', generateKeyPairSync('ed25519').privateKey);
      const elsewhere = signNote(formatCheckpoint({ origin: 'elsewhere.example/log', size: 3, rootHash: w.tree.root(3) }), [otherLog]);
      expect(
        checkpointConsistency(
          elsewhere,
          { origin: ORIGIN, size: 4, root: w.tree.root() },
          [...w.options.logKeys!, formatVerifierKey(verifierOf(otherLog))],
          proofOf(w.tree, 3, 4),
        ),
      ).toEqual({ ok: false, detail: 'the previous checkpoint is for elsewhere.example/log, this one for registry.example.hk/log' });
    });
  });
});
