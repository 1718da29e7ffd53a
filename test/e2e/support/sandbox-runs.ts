import { testSuiteStreamId } from '@registry/domain';
import { EventMetadata } from '@registry/kernel';
import { DEFAULT_THRESHOLDS, referenceModel, ReferenceModelKind, suiteDigest, SuiteParameters } from '@registry/sandbox';
import { ok, RunningRegistry } from './registry';

const REQUEST = `mutation($input: RequestSandboxRunInput!) { requestSandboxRun(input: $input) { id status } }`;
const IN_FORCE = `query($id: String!) { sandboxSuite(id: $id) { versionInForce { version featuresPath } } }`;

/**
 * A firm's upload-mode sandbox run of one of its model versions against the lending suite version in force, over
 * HTTP as the firm would do it: request the run, download the features, predict each row with a reference model
 * (`fair` passes the demo suite's checks, `proxy-biased` fails the four-fifths rule by sex) and upload the
 * predictions. `kind` null: the run is only requested (it stays REQUESTED). Returns the run id.
 */
export const lendingUploadRun = async (
  registry: RunningRegistry,
  ownerToken: string,
  version: { modelId: string; modelVersion: string; weightsDigest: string },
  kind: ReferenceModelKind | null,
): Promise<string> => {
  const runId: string = ok(await registry.gql(REQUEST, { input: { ...version, suiteId: 'lending', mode: 'UPLOAD' } }, ownerToken)).requestSandboxRun.id;
  if (kind === null) return runId;
  const base = registry.url.replace(/\/graphql$/, '');
  const { featuresPath } = ok(await registry.gql(IN_FORCE, { id: 'lending' })).sandboxSuite.versionInForce;
  const [header, ...rows] = (await (await fetch(`${base}${featuresPath}`)).text()).trim().split('\n');
  const names = header.split(',').slice(1);
  const model = referenceModel('lending', kind);
  const predictions = rows.map((line) => {
    const [rowId, ...values] = line.split(',');
    return `${rowId},${model({ features: Object.fromEntries(names.map((n, i) => [n, Number(values[i])])) })}`;
  });
  const response = await fetch(`${base}/sandbox/runs/${encodeURIComponent(runId)}/predictions`, {
    method: 'POST',
    body: `rowId,prediction\n${predictions.join('\n')}\n`,
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${ownerToken}` },
  });
  const body = (await response.json()) as { run?: { status: string; passed: boolean } };
  expect([response.status, body.run?.status, body.run?.passed]).toEqual([200, 'COMPLETED', kind === 'fair']);
  return runId;
};

/** A lending suite version as generator 1 made it: its labels and attributes follow from the public seed alone. */
export const LEGACY_LENDING: SuiteParameters = { suite: 'lending', seed: 7, size: 2000, baseRate: 0.5, sexBaseRateGap: 0, thresholds: DEFAULT_THRESHOLDS };

/**
 * Writes `legacy-1` of the lending suite to the log as the registry did before generator 2 (no `generatorVersion`
 * among the parameters; the registrar can no longer publish one), in force from now.
 */
export const publishLegacyLendingSuite = async (registry: RunningRegistry, metadata: EventMetadata): Promise<void> => {
  const { suite: _s, ...parameters } = LEGACY_LENDING;
  const at = new Date().toISOString();
  const stream = await registry.store.readStream(testSuiteStreamId('lending'));
  await registry.store.appendToStream(
    testSuiteStreamId('lending'),
    [
      {
        type: 'TestSuitePublished',
        data: {
          suiteId: 'lending',
          version: 'legacy-1',
          digest: suiteDigest(LEGACY_LENDING),
          useCases: ['lending'],
          parameters,
          effectiveFrom: at,
          publishedAt: at,
        },
      },
    ],
    { expectedVersion: stream.version, metadata },
  );
};
