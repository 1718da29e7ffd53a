import { Injectable } from '@nestjs/common';
import { LogPosition } from '@registry/event-store';
import {
  accreditationCovers,
  CertificationContext,
  certificationDecider,
  CertificationState,
  certificationStreamId,
  CitedSandboxRun,
  certifierDecider,
  certifierStreamId,
  frameworkDecider,
  frameworkStreamId,
  HK_AI,
  MAX_CITED_SANDBOX_RUNS,
  modelDecider,
  modelStreamId,
  RUN_ID,
  sandboxRunDecider,
  sandboxRunStreamId,
  testSuiteDecider,
  TestSuiteState,
  testSuiteStreamId,
} from '@registry/domain';
import { AggregateReader, StreamReader } from '../infrastructure/aggregate-reader';

/**
 * The facts from other streams the certification decider judges with (its command's `context`), read just
 * before deciding: the model version's digest, whether the certifier's accreditation covers the framework
 * version and use cases at the command's time, the HK-AI version's requirement ids and each cited sandbox run with
 * its test suite.
 * Reads go through the decision's `read` (see CommandShell): the append happens only if none of these
 * streams moved since, so an accreditation suspended while an issue is decided is never overlooked. The
 * verdict's integrity rule re-checks the accreditation at issue time all the same (DOMAIN.md).
 */
@Injectable()
export class CertificationContextService {
  constructor(private readonly aggregates: AggregateReader) {}

  async forIssue(
    d: {
      certifierId: string;
      modelId: string;
      modelVersion: string;
      frameworkVersion: string;
      useCases: readonly string[];
      sandboxRunIds?: readonly string[];
    },
    at: string,
    read: StreamReader = this.aggregates,
  ): Promise<CertificationContext> {
    const [model, certifier, requirementIds, sandboxRuns] = await Promise.all([
      read.load(modelStreamId(d.modelId), modelDecider),
      read.load(certifierStreamId(d.certifierId), certifierDecider),
      this.hkRequirementIds(d.frameworkVersion, read),
      this.citedSandboxRuns(d.sandboxRunIds ?? [], read),
    ]);
    const version = model.state.status === 'REGISTERED' ? model.state.versions.find((v) => v.version === d.modelVersion) : undefined;
    return {
      versionDigest: version?.weightsDigest ?? null,
      accreditationCovers: accreditationCovers(certifier.state, d.frameworkVersion, d.useCases, at),
      requirementIds,
      sandboxRuns,
    };
  }

  /**
   * Each cited run folded from its own stream, and the stream of each suite those runs ran under, all through the
   * decision's reader: the append then requires every one of those streams at the version read, so a run cannot
   * complete, fail or appear, nor a suite version be published (superseding the run's), between the look-up and the
   * write unnoticed. A list the decider refuses on its face (too long, a malformed id) reads nothing: a hostile
   * request never costs more than MAX_CITED_SANDBOX_RUNS run reads and one read per suite (two suites exist).
   */
  private async citedSandboxRuns(ids: readonly string[], read: StreamReader): Promise<CitedSandboxRun[]> {
    if (ids.length > MAX_CITED_SANDBOX_RUNS || !ids.every((id) => RUN_ID.test(id))) return [];
    const unique = [...new Set(ids)];
    const runs = await Promise.all(unique.map(async (runId) => ({ runId, state: (await read.load(sandboxRunStreamId(runId), sandboxRunDecider)).state })));
    const suiteIds = [...new Set(runs.flatMap(({ state }) => (state.status === 'NONE' ? [] : [state.run.suiteId])))];
    const suites = new Map<string, TestSuiteState>(
      await Promise.all(suiteIds.map(async (suiteId) => [suiteId, (await read.load(testSuiteStreamId(suiteId), testSuiteDecider)).state] as const)),
    );
    const none: TestSuiteState = { status: 'NONE' };
    return runs.map((r) => ({ ...r, suite: (r.state.status === 'NONE' ? undefined : suites.get(r.state.run.suiteId)) ?? none }));
  }

  /**
   * For a command on an existing certification: its certifier's cover at `at` for `useCases` (default: the
   * certification's own), and its framework version's requirement ids. An unknown certification gets an
   * empty context; the decider answers CERTIFICATION.NOT_FOUND before looking at it.
   */
  async forExisting(
    certificationId: string,
    at: string,
    useCases?: readonly string[],
    read: StreamReader = this.aggregates,
  ): Promise<Pick<CertificationContext, 'accreditationCovers' | 'requirementIds'>> {
    const { state } = await read.load(certificationStreamId(certificationId), certificationDecider);
    if (state.status === 'NONE') return { accreditationCovers: false, requirementIds: null };
    const c = state.certification;
    const [certifier, requirementIds] = await Promise.all([
      read.load(certifierStreamId(c.certifierId), certifierDecider),
      this.hkRequirementIds(c.frameworkVersion, read),
    ]);
    return { accreditationCovers: accreditationCovers(certifier.state, c.frameworkVersion, useCases ?? c.scope.useCases, at), requirementIds };
  }

  /** The certification's folded state and the owning firm of its model (for views and visibility). */
  async certification(certificationId: string, knownAt?: LogPosition): Promise<{ state: CertificationState; version: number; firmId: string | null }> {
    const { state, version } = await this.aggregates.load(certificationStreamId(certificationId), certificationDecider, knownAt);
    if (state.status === 'NONE') return { state, version, firmId: null };
    const model = await this.aggregates.load(modelStreamId(state.certification.modelId), modelDecider, knownAt);
    return { state, version, firmId: model.state.status === 'REGISTERED' ? model.state.firmId : null };
  }

  private async hkRequirementIds(frameworkVersion: string, read: StreamReader): Promise<string[] | null> {
    const { state } = await read.load(frameworkStreamId(HK_AI), frameworkDecider);
    if (state.status !== 'PUBLISHED') return null;
    return state.versions.find((v) => v.version === frameworkVersion)?.requirements.map((r) => r.id) ?? null;
  }
}
