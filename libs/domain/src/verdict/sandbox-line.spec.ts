import { buildVerdictFacts, FactEvent, toFactEvent } from './verdict.facts';
import { judgeExportReadiness } from './export-readiness';
import { VerdictQuery } from './verdict.types';

/** HK-AI-05 as a direct record: pure verdict tests over plain events (no Nest, no database). */
class Log {
  readonly events: FactEvent[] = [];
  add(type: string, data: object): this {
    const n = this.events.length + 1;
    this.events.push(toFactEvent({ type, data }, { eventId: `e${n}`, position: `100.${n}`, type })!);
    return this;
  }
  ref(n: number) {
    return this.events[n - 1].ref;
  }
}

const DIGEST = 'sha256:' + 'a'.repeat(64);
const T = (month: string) => `2026-${month}-01T00:00:00.000Z`;
const SUITE_V1 = 'sha256:' + '1'.repeat(64);
const SUITE_V2 = 'sha256:' + '2'.repeat(64);

const story = () =>
  new Log()
    .add('FrameworkVersionPublished', {
      frameworkId: 'HK-AI',
      version: '0.9-draft',
      jurisdiction: 'HK',
      title: 'HK-AI',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [{ id: 'HK-AI-05', title: 'Sandbox stress tests passed', appliesWhen: {}, satisfiedBy: { kind: 'SANDBOX' } }],
    })
    .add('FrameworkVersionPublished', {
      frameworkId: 'EU-AI-ACT',
      version: '2024/1689',
      jurisdiction: 'EU',
      title: 'AI Act',
      effectiveFrom: T('01'),
      publishedAt: T('01'),
      requirements: [{ id: 'ART-15', title: 'Accuracy, robustness', appliesWhen: { useCases: ['lending'] } }],
    })
    .add('ModelRegistered', {
      modelId: 'lendwise',
      firmId: 'acme',
      name: 'LendWise',
      kind: { generative: false, generalPurpose: false },
      registeredAt: T('02'),
    })
    .add('ModelVersionRegistered', { modelId: 'lendwise', version: '1.0', weightsDigest: DIGEST, registeredAt: T('02') }) // e4
    .add('TestSuitePublished', suite('2026.1', SUITE_V1, T('02'))); // e5

function suite(version: string, digest: string, effectiveFrom: string) {
  return { suiteId: 'lending', version, digest, useCases: ['lending'], parameters: {}, effectiveFrom, publishedAt: T('02') };
}
const subject = (runId: string, suiteVersion = '2026.1', suiteDigest = SUITE_V1) => ({
  runId,
  firmId: 'acme',
  modelId: 'lendwise',
  modelVersion: '1.0',
  weightsDigest: DIGEST,
  suiteId: 'lending',
  suiteVersion,
  suiteDigest,
});
const run = (log: Log, runId: string, passed: boolean, at: string, suiteVersion = '2026.1', suiteDigest = SUITE_V1) =>
  log
    .add('SandboxRunRequested', { ...subject(runId, suiteVersion, suiteDigest), mode: 'UPLOAD', endpoint: null, rows: 1000, requestedAt: at })
    .add('SandboxRunCompleted', {
      ...subject(runId, suiteVersion, suiteDigest),
      passed,
      failedChecks: passed ? [] : ['DISPARATE_IMPACT_RATIO(sex)'],
      score: {},
      completedAt: at,
    });

const hk = (asOf = T('06'), useCase = 'lending'): VerdictQuery => ({ modelId: 'lendwise', version: '1.0', jurisdiction: 'HK', useCase, asOf });
const sandboxLine = (log: Log, query = hk()) =>
  judgeExportReadiness(buildVerdictFacts(log.events), query).lines.find((l) => l.requirement.requirementId === 'HK-AI-05')!;

describe('HK-AI-05: sandbox bias and safety stress tests, satisfied directly by a run', () => {
  it('a passing run for the exact weights under the suite version in force → SATISFIED, citing the suite version and the run’s events', () => {
    const log = run(story(), 'run-1', true, T('03'));
    const line = sandboxLine(log);
    expect(line).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_SANDBOX_RUN', via: null });
    expect(line.evidence).toEqual([log.ref(1), log.ref(5), log.ref(6), log.ref(7)]);
    expect(judgeExportReadiness(buildVerdictFacts(log.events), hk()).status).toBe('READY');
  });

  it('judges as of asOf: before the run completed there was none', () => {
    const log = run(story(), 'run-1', true, T('03'));
    expect(sandboxLine(log, hk(T('02')))).toMatchObject({ status: 'GAP', reason: 'SANDBOX_RUN_MISSING' });
  });

  it('no completed run → GAP SANDBOX_RUN_MISSING (a requested run is not evidence)', () => {
    const log = story().add('SandboxRunRequested', { ...subject('run-1'), mode: 'UPLOAD', endpoint: null, rows: 1000, requestedAt: T('03') });
    expect(sandboxLine(log)).toMatchObject({ status: 'GAP', reason: 'SANDBOX_RUN_MISSING' });
  });

  it('a failing run → GAP SANDBOX_RUN_FAILED with the run as evidence', () => {
    const log = run(story(), 'run-1', false, T('03'));
    expect(sandboxLine(log)).toMatchObject({ status: 'GAP', reason: 'SANDBOX_RUN_FAILED' });
    expect(sandboxLine(log).evidence.map((r) => r.type)).toEqual([
      'FrameworkVersionPublished',
      'TestSuitePublished',
      'SandboxRunRequested',
      'SandboxRunCompleted',
    ]);
  });

  it('a newer failing run undoes an older pass; a newer pass repairs a failure', () => {
    const failedAfter = run(run(story(), 'run-1', true, T('03')), 'run-2', false, T('04'));
    expect(sandboxLine(failedAfter)).toMatchObject({ status: 'GAP', reason: 'SANDBOX_RUN_FAILED' });
    expect(sandboxLine(failedAfter, hk(T('03')))).toMatchObject({ status: 'SATISFIED' });
    expect(sandboxLine(run(failedAfter, 'run-3', true, T('05')))).toMatchObject({ status: 'SATISFIED' });
  });

  it('a newer suite version in force without a passing run → GAP SANDBOX_SUITE_SUPERSEDED; the pass lapses when it takes effect', () => {
    const log = run(story(), 'run-1', true, T('03')).add('TestSuitePublished', suite('2026.2', SUITE_V2, T('09')));
    const before = judgeExportReadiness(buildVerdictFacts(log.events), hk(T('06')));
    expect(before.lines[0]).toMatchObject({ status: 'SATISFIED' });
    expect(before.validUntil).toBe(T('09'));
    expect(sandboxLine(log, hk(T('10')))).toMatchObject({ status: 'GAP', reason: 'SANDBOX_SUITE_SUPERSEDED' });
    expect(sandboxLine(run(log, 'run-2', true, T('10'), '2026.2', SUITE_V2), hk(T('11')))).toMatchObject({ status: 'SATISFIED' });
  });

  it('no suite tests the use case → GAP SANDBOX_NO_SUITE; nor before the first version takes effect', () => {
    expect(sandboxLine(run(story(), 'run-1', true, T('03')), hk(T('06'), 'chatbot'))).toMatchObject({ status: 'GAP', reason: 'SANDBOX_NO_SUITE' });
    const early = story();
    early.events[4] = toFactEvent({ type: 'TestSuitePublished', data: suite('2026.1', SUITE_V1, T('12')) }, early.events[4].ref)!;
    expect(sandboxLine(early)).toMatchObject({ status: 'GAP', reason: 'SANDBOX_NO_SUITE' });
  });

  it('a run of other weights (another version) is not evidence for this one', () => {
    const log = story()
      .add('ModelVersionRegistered', { modelId: 'lendwise', version: '2.0', weightsDigest: 'sha256:' + 'b'.repeat(64), registeredAt: T('02') })
      .add('SandboxRunCompleted', {
        ...subject('run-9'),
        modelVersion: '2.0',
        weightsDigest: 'sha256:' + 'b'.repeat(64),
        passed: true,
        failedChecks: [],
        score: {},
        completedAt: T('03'),
      });
    expect(sandboxLine(log)).toMatchObject({ status: 'GAP', reason: 'SANDBOX_RUN_MISSING' });
  });

  it('leaves foreign requirements mapped to HK-AI-05 on the equivalence path (a run alone does not satisfy them)', () => {
    const log = run(story(), 'run-1', true, T('03'))
      .add('EquivalenceProposed', {
        equivalenceId: 'eq-15',
        hk: { framework: 'HK-AI', version: '0.9-draft', requirementId: 'HK-AI-05' },
        foreign: { framework: 'EU-AI-ACT', version: '2024/1689', requirementId: 'ART-15' },
        foreignJurisdiction: 'EU',
        strength: 'FULL',
        conditions: [],
        scope: { useCases: ['lending'] },
        effectiveFrom: T('04'),
        effectiveUntil: null,
        illustrative: true,
        proposedAt: T('04'),
      })
      .add('EquivalenceCountersigned', { equivalenceId: 'eq-15', jurisdiction: 'EU', countersignedAt: T('04') });
    const eu = judgeExportReadiness(buildVerdictFacts(log.events), { ...hk(), jurisdiction: 'EU' });
    expect(eu.lines[0]).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_MISSING', via: { equivalenceId: 'eq-15', hkRequirementId: 'HK-AI-05' } });
  });
});
