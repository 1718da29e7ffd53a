import { createHash } from 'node:crypto';
import { Actor, CommandMetadata } from '@registry/kernel';
import { sandboxRunDecider, sandboxRunStreamId, testSuiteDecider, testSuiteStreamId } from '@registry/domain';
import {
  DEFAULT_THRESHOLDS,
  deriveSuiteKey,
  failedChecks,
  GENERATOR_VERSION,
  featureRecord,
  generateApplicants,
  PredictionScorer,
  referenceModel,
  ReferenceModelKind,
  regenerateTruth,
  suiteDigest,
  SuiteParameters,
} from '@registry/sandbox';
import { CommandShell } from '../infrastructure/command-shell';

/**
 * The demo suite: lending, small enough to seed in a blink, generated with keyed randomness (generator version 2)
 * like every new suite. `seed` is where the search for the demo's seed starts (see `demoSuiteSeed`).
 */
export const DEMO_SUITE = {
  suiteId: 'lending' as const,
  version: 'demo-1',
  parameters: { generatorVersion: GENERATOR_VERSION, seed: 2026, size: 2000, baseRate: 0.5, sexBaseRateGap: 0, thresholds: DEFAULT_THRESHOLDS },
};

/** How many seeds from DEMO_SUITE's the demo tries before it gives up (each try generates 2,000 rows: a millisecond or so). */
const DEMO_SEED_TRIES = 64;

/**
 * The demo's rows depend on this registry's sandbox secret, so its seed cannot be fixed in advance: with 2,000 rows
 * the fair reference model fails an intersectional check for some keys. The demo takes the first seed from 2026 on
 * under which the fair model passes and the proxy-biased one fails, so the demo tells the same story on every
 * registry (a suite version's seed is public anyway; the key is what keeps its rows private).
 */
export const demoSuiteSeed = (secret: Uint8Array): { parameters: SuiteParameters; key: Buffer } => {
  for (let seed = DEMO_SUITE.parameters.seed; seed < DEMO_SUITE.parameters.seed + DEMO_SEED_TRIES; seed++) {
    const parameters: SuiteParameters = { suite: DEMO_SUITE.suiteId, ...DEMO_SUITE.parameters, seed };
    const key = deriveSuiteKey(secret, { suite: parameters.suite, version: DEMO_SUITE.version, seed });
    if (demoScore(parameters, key, 'fair').passed && !demoScore(parameters, key, 'proxy-biased').passed) return { parameters, key };
  }
  throw new Error(`no demo sandbox seed in ${DEMO_SEED_TRIES} tries gives a passing fair model`);
};

const demoScore = (p: SuiteParameters, key: Buffer, kind: ReferenceModelKind) => {
  const model = referenceModel(p.suite, kind);
  const scorer = new PredictionScorer(regenerateTruth(p, key), p.thresholds);
  for (const a of generateApplicants(p, key)) scorer.add(a.rowId, model({ features: featureRecord(p.suite, a.features) }), a.index + 2);
  return scorer.finish();
};

/** A demo run's id, derived from its label (`<model>@<version>:<reference model kind>`), so tests can name it. */
export const demoRunId = (label: string) => {
  const h = createHash('sha256').update(`demo sandbox run ${label}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * Seeds the demo sandbox through the deciders: the registrar publishes the lending suite, and the demo lender
 * runs its model version twice by upload, first with a model leaning on the proxy feature (fails the
 * four-fifths rule), then with the fair reference model (passes): its HK-AI-05 line is SATISFIED by the latter.
 */
export const seedDemoSandbox = async (
  shell: CommandShell,
  meta: (actor: Actor, key: string) => CommandMetadata,
  registrar: Actor,
  version: { modelId: string; version: string; weightsDigest: string; owner: Actor },
  secret: Uint8Array,
): Promise<void> => {
  const { parameters: p, key } = demoSuiteSeed(secret);
  const { suite: _suite, ...parameters } = p;
  const digest = suiteDigest(p, key);
  const m = meta(registrar, `sandbox-suite:${DEMO_SUITE.suiteId}@${DEMO_SUITE.version}`);
  await shell.execute(
    testSuiteStreamId(DEMO_SUITE.suiteId),
    testSuiteDecider,
    {
      type: 'PublishTestSuite',
      data: {
        suiteId: DEMO_SUITE.suiteId,
        version: DEMO_SUITE.version,
        parameters,
        effectiveFrom: null,
        context: { digest },
      },
      actor: registrar,
      issuedAt: m.issuedAt,
    },
    m,
  );
  const suite = { suiteId: p.suite, version: DEMO_SUITE.version, digest, size: p.size };
  for (const kind of ['proxy-biased', 'fair'] as ReferenceModelKind[]) {
    const runId = demoRunId(`${version.modelId}@${version.version}:${kind}`);
    const request = meta(version.owner, `sandbox-run:${runId}`);
    await shell.execute(
      sandboxRunStreamId(runId),
      sandboxRunDecider,
      {
        type: 'RequestSandboxRun',
        data: {
          runId,
          modelId: version.modelId,
          modelVersion: version.version,
          weightsDigest: version.weightsDigest,
          suiteId: p.suite,
          mode: 'UPLOAD',
          endpoint: null,
          // Seeded demo runs are not in the run slots (SandboxService.requestRun) and do not count against the cap.
          context: { ownerFirmId: version.owner.scope!, versionDigest: version.weightsDigest, suite, runsOfSuiteVersion: 0, maxRunsPerSuiteVersion: 1 },
        },
        actor: version.owner,
        issuedAt: request.issuedAt,
      },
      request,
    );
    const score = demoScore(p, key, kind);
    const complete = meta(version.owner, `sandbox-complete:${runId}`);
    await shell.execute(
      sandboxRunStreamId(runId),
      sandboxRunDecider,
      { type: 'CompleteSandboxRun', data: { runId, score, failedChecks: failedChecks(score) }, actor: version.owner, issuedAt: complete.issuedAt },
      complete,
    );
  }
};
