import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCredential } from '@registry/verifier';
import { TransparencyLog } from '../../apps/registry-api/src/transparency/transparency-log.service';
import { equivalenceProposal } from './support/fixtures';
import { GraphQLResponse, RunningRegistry } from './support/registry';

const ROOT = join(__dirname, '../..');
/**
 * `npx registry …` as a foreign regulator runs it: the package's bin, a separate process, files only. Asynchronous,
 * since the registry it fetches from serves from this very process.
 */
const cli = (...args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/registry.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
const digest = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;

/**
 * The whole story over HTTP, verified offline with the CLI: a regulator signs its countersignature with
 * `registry sign-countersignature`; a certification's credential is fetched with `registry fetch-evidence` and
 * verified with `registry verify` (exit 0); once the certification is suspended, the refreshed status list makes
 * the same credential fail offline as SUSPENDED (exit 1); the export-readiness credential carries the
 * regulator's JWS, which the verifier checks.
 */
describe('verify it yourself: fetch-evidence and verify, offline, over the whole story', () => {
  let registry: RunningRegistry;
  let base: string;
  let dir: string;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true, env: { CHECKPOINT_INTERVAL: '60m' } });
    base = registry.url.replace(/\/graphql$/, '');
    dir = mkdtempSync(join(tmpdir(), 'registry-verify-'));
    t.registrar = await registry.token('REGISTRAR', 'registrar-hk');
    t.eu = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    t.firm = await registry.token('FIRM', 'harbour-admin', 'harbour-lending');
    t.certifier = await registry.token('CERTIFIER', 'hkcb-officer', 'hkcb-demo');
  });
  afterAll(async () => {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (doc: string, input: Record<string, unknown>, token: string) => {
    const r: GraphQLResponse = await registry.gql(doc, { input }, token);
    expect(r.errors).toBeUndefined();
    return r.data;
  };
  /** Signs a checkpoint now until the credential's events are all in it. */
  const includedCredential = async (fetchCredential: () => Promise<{ jws: string; credential: any }>) => {
    for (let i = 0; i < 20; i++) {
      await registry.app.get(TransparencyLog).publishCheckpoint();
      const c = await fetchCredential();
      if (c.credential.registryLog.checkpointStatus === 'INCLUDED') return c;
    }
    throw new Error('the checkpoint never included the credential’s events');
  };
  let regulatorJws: string;

  it('1. the EU regulator signs a proposal offline with `registry sign-countersignature`, and countersigns with that JWS', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, 'eu-regulator.pem'), privateKey.export({ format: 'pem', type: 'pkcs8' }));
    await run(
      `mutation($input: RegisterRegulatorKeyInput!) { registerRegulatorKey(input: $input) { jurisdiction } }`,
      { jurisdiction: 'EU', jwk: publicKey.export({ format: 'jwk' }) },
      t.registrar,
    );
    await run(`mutation($input: ProposeEquivalenceInput!) { proposeEquivalence(input: $input) { id } }`, equivalenceProposal('eq-story-records'), t.registrar);
    // The regulator saves the proposal as the registry shows it, and signs it with its own key, offline.
    const shown = await registry.gql(
      `{ equivalence(id: "eq-story-records") { id hk { framework version requirementId title } foreign { framework version requirementId title } foreignJurisdiction strength conditions { id text } scope { useCases } effectiveFrom effectiveUntil illustrative } }`,
    );
    writeFileSync(join(dir, 'proposal.json'), JSON.stringify(shown));
    const signed = await cli('sign-countersignature', '--proposal', join(dir, 'proposal.json'), '--key', join(dir, 'eu-regulator.pem'));
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    regulatorJws = signed.stdout.trim();
    expect(regulatorJws).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
    const eq = (
      await run(
        `mutation($input: CountersignEquivalenceInput!) { countersignEquivalence(input: $input) { status countersignature { jws } } }`,
        { equivalenceId: 'eq-story-records', jws: regulatorJws },
        t.eu,
      )
    ).countersignEquivalence;
    expect(eq).toEqual({ status: 'IN_FORCE', countersignature: { jws: regulatorJws } });
  });

  it('2. certify → credential → fetch-evidence → verify offline: every check ✓, exit 0', async () => {
    await run(
      `mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }`,
      { modelId: 'story-scorer', firmId: 'harbour-lending', name: 'Story Scorer', kind: { generative: false, generalPurpose: false } },
      t.firm,
    );
    await run(
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
      { modelId: 'story-scorer', version: '1.0', weightsDigest: digest('story-scorer@1.0') },
      t.firm,
    );
    const now = Date.now();
    await run(
      `mutation($input: IssueCertificationInput!) { issueCertification(input: $input) { status } }`,
      {
        certificationId: 'story-scorer-1-0-hkai',
        certifierId: 'hkcb-demo',
        modelId: 'story-scorer',
        modelVersion: '1.0',
        weightsDigest: digest('story-scorer@1.0'),
        frameworkVersion: '0.9-draft',
        scope: { useCases: ['lending'], riskTier: 'HIGH' },
        results: ['HK-AI-01', 'HK-AI-04', 'HK-AI-05', 'HK-AI-07', 'HK-AI-08', 'HK-AI-09', 'HK-AI-10'].map((requirementId) => ({
          requirementId,
          result: 'PASS',
        })),
        auditReportDigest: digest('audit:story'),
        validFrom: new Date(now - 86_400_000).toISOString(),
        validUntil: new Date(now + 2 * 365 * 86_400_000).toISOString(),
      },
      t.certifier,
    );
    await includedCredential(
      async () => (await registry.gql(`{ certificationCredential(id: "story-scorer-1-0-hkai") { jws credential } }`)).data.certificationCredential,
    );

    const fetched = await cli('fetch-evidence', 'story-scorer-1-0-hkai', '--registry', base, '--out', join(dir, 'cert'));
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    expect(readdirSync(join(dir, 'cert')).sort()).toEqual([
      'checkpoint.txt',
      'credential.jwt',
      'jwks.json',
      'log-verifier-key.txt',
      'proofs.json',
      'status-revocation-1.jwt',
      'status-suspension-1.jwt',
    ]);
    const verified = await cli('verify', join(dir, 'cert'));
    expect(verified.stdout).toMatch(/✓ signature: signed by http:\/\/.* with key /);
    expect(verified.stdout).toMatch(/✓ status revocation: not revoked/);
    expect(verified.stdout).toMatch(/✓ status suspension: not suspended/);
    expect(verified.stdout).toMatch(/✓ inclusion CertificationIssued /);
    expect(verified.stdout).not.toContain('✗');
    expect(verified.stdout).toMatch(/VERIFIED: every check holds\.\n$/);
    expect(verified.status).toBe(0);
  });

  it('3. the export-readiness credential carries the regulator’s own JWS, which the verifier checks against the logged one', async () => {
    const asOf = '2027-12-15T00:00:00.000Z';
    const input = { modelId: 'story-scorer', version: '1.0', jurisdiction: 'EU', useCase: 'lending', asOf };
    const { jws, credential } = await includedCredential(
      async () =>
        (await registry.gql(`query($input: ExportReadinessInput!) { exportReadinessCredential(input: $input) { jws credential } }`, { input })).data
          .exportReadinessCredential,
    );
    const art12 = credential.credentialSubject.lines.find((l: any) => l.requirement.requirementId === 'ART-12');
    expect(art12).toMatchObject({ status: 'SATISFIED', via: { equivalenceId: 'eq-story-records' } });
    const carried = credential.evidence.find((e: any) => e.type === 'EquivalenceCountersignature' && e.equivalenceId === 'eq-story-records');
    expect(carried).toMatchObject({ jurisdiction: 'EU', jws: regulatorJws, regulatorKey: { alg: 'ES256' } });

    writeFileSync(join(dir, 'readiness.jwt'), jws);
    const fetched = await cli('fetch-evidence', '--credential', join(dir, 'readiness.jwt'), '--registry', base, '--out', join(dir, 'readiness'));
    expect(fetched.status).toBe(0);
    const files = (name: string) => readFileSync(join(dir, 'readiness', name), 'utf8');
    const report = await verifyCredential(jws, {
      jwks: JSON.parse(files('jwks.json')),
      checkpoint: files('checkpoint.txt'),
      logKeys: files('log-verifier-key.txt').split('\n').filter(Boolean),
      proofs: JSON.parse(files('proofs.json')),
      now: new Date('2027-12-15T00:00:01.000Z'),
    });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.find((c) => c.check === 'countersignature eq-story-records')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/EU regulator signed HK-AI-05 → ART-12 \(FULL\) with ES256 key/),
    });
    expect(
      report.checks.find((c) => /^inclusion EquivalenceCountersigned/.test(c.check) && c.detail.includes('the logged JWS is the one carried')),
    ).toBeTruthy();
    // Tampered in transit: the regulator's JWS swapped for another in the credential breaks the issuer's signature.
    const [h, p, s] = jws.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.evidence.find((e: any) => e.equivalenceId === 'eq-story-records').jws = `${regulatorJws.split('.')[0]}..AAAA`;
    writeFileSync(join(dir, 'readiness', 'credential.jwt'), `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`);
    const tampered = await cli('verify', join(dir, 'readiness'), '--now', '2027-12-15T00:00:01Z');
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toMatch(/✗ signature: the credential signature does not verify/);
    expect(tampered.stdout).toMatch(/✗ countersignature eq-story-records: BAD_SIGNATURE/);
  });

  it('4. suspend → the status list is updated → the same credential verified offline reports SUSPENDED, exit 1', async () => {
    await run(
      `mutation($input: SuspendCertificationInput!) { suspendCertification(input: $input) { status } }`,
      { certificationId: 'story-scorer-1-0-hkai', reason: 'Incident under investigation' },
      t.certifier,
    );
    // The credential the foreign regulator already holds; only the evidence is fetched again.
    const refreshed = await cli('fetch-evidence', '--credential', join(dir, 'cert', 'credential.jwt'), '--registry', base, '--out', join(dir, 'cert'));
    expect(refreshed.status).toBe(0);
    const verified = await cli('verify', join(dir, 'cert'));
    expect(verified.stdout).toMatch(/✗ status suspension: SUSPENDED: bit \d+ of .*\/status\/suspension\/1 is set/);
    expect(verified.stdout).toMatch(/✓ status revocation: not revoked/);
    expect(verified.stdout).toMatch(/✓ signature:/);
    expect(verified.stdout).toMatch(/NOT VERIFIED: 1 check\(s\) failed\.\n$/);
    expect(verified.status).toBe(1);
  });

  it('5. a verifier holding an older checkpoint fetches with --since and checks the new one extends it; an altered consistency proof is caught', async () => {
    // The checkpoint kept from step 3 (before the suspension); the log has grown since.
    const held = join(dir, 'readiness', 'checkpoint.txt');
    expect((await registry.app.get(TransparencyLog).publishCheckpoint()).signed).toBe(true);
    const fetched = await cli(
      'fetch-evidence',
      '--credential',
      join(dir, 'cert', 'credential.jwt'),
      '--registry',
      base,
      '--out',
      join(dir, 'later'),
      '--since',
      held,
    );
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    expect(readFileSync(join(dir, 'later', 'previous-checkpoint.txt'), 'utf8')).toBe(readFileSync(held, 'utf8'));
    const proof = JSON.parse(readFileSync(join(dir, 'later', 'consistency-proof.json'), 'utf8'));
    const heldSize = Number(readFileSync(held, 'utf8').split('\n')[1]);
    const newSize = Number(readFileSync(join(dir, 'later', 'checkpoint.txt'), 'utf8').split('\n')[1]);
    expect(newSize).toBeGreaterThan(heldSize);
    expect(proof).toMatchObject({ first: heldSize, second: newSize });
    const verified = await cli('verify', join(dir, 'later'));
    expect(verified.stdout).toContain(`✓ consistency: the checkpoint extends the one you held: tree size ${heldSize} → ${newSize}`);
    expect(verified.stdout).toMatch(/✗ status suspension: SUSPENDED/); // still suspended: the only failure
    expect(verified.stdout).toMatch(/NOT VERIFIED: 1 check\(s\) failed\.\n$/);

    writeFileSync(
      join(dir, 'later', 'consistency-proof.json'),
      JSON.stringify({ ...proof, hashes: proof.hashes.map(() => Buffer.alloc(32, 7).toString('base64')) }),
    );
    const altered = await cli('verify', join(dir, 'later'));
    expect(altered.stdout).toContain(`✗ consistency: the consistency proof from ${heldSize} to ${newSize} leaves does not verify`);
    expect(altered.status).toBe(1);
  });
});
