import { createHash } from 'node:crypto';
import { Actor, CommandMetadata } from '@registry/kernel';
import { sandboxRunDecider, sandboxRunStreamId, testSuiteDecider, testSuiteStreamId } from '@registry/domain';
import {
  DEFAULT_THRESHOLDS,
  failedChecks,
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

/** The demo suite: lending, small enough to seed in a blink. */
export const DEMO_SUITE = {
  suiteId: 'lending' as const,
  version: 'demo-1',
  parameters: { seed: 2026, size: 2000, baseRate: 0.5, sexBaseRateGap: 0, thresholds: DEFAULT_THRESHOLDS },
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
): Promise<void> => {
  const p: SuiteParameters = { suite: DEMO_SUITE.suiteId, ...DEMO_SUITE.parameters };
  const m = meta(registrar, `sandbox-suite:${DEMO_SUITE.suiteId}@${DEMO_SUITE.version}`);
  await shell.execute(
    testSuiteStreamId(DEMO_SUITE.suiteId),
    testSuiteDecider,
    {
      type: 'PublishTestSuite',
      data: {
        suiteId: DEMO_SUITE.suiteId,
        version: DEMO_SUITE.version,
        parameters: DEMO_SUITE.parameters,
        effectiveFrom: null,
        context: { digest: suiteDigest(p) },
      },
      actor: registrar,
      issuedAt: m.issuedAt,
    },
    m,
  );
  const truth = regenerateTruth(p);
  const suite = { suiteId: p.suite, version: DEMO_SUITE.version, digest: suiteDigest(p), size: p.size };
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
          context: { ownerFirmId: version.owner.scope!, versionDigest: version.weightsDigest, suite },
        },
        actor: version.owner,
        issuedAt: request.issuedAt,
      },
      request,
    );
    const model = referenceModel(p.suite, kind);
    const scorer = new PredictionScorer(truth, p.thresholds);
    for (const a of generateApplicants(p)) scorer.add(a.rowId, model({ features: featureRecord(p.suite, a.features) }), a.index + 2);
    const score = scorer.finish();
    const complete = meta(version.owner, `sandbox-complete:${runId}`);
    await shell.execute(
      sandboxRunStreamId(runId),
      sandboxRunDecider,
      { type: 'CompleteSandboxRun', data: { runId, score, failedChecks: failedChecks(score) }, actor: version.owner, issuedAt: complete.issuedAt },
      complete,
    );
  }
};
