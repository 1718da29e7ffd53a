import { QueryBus } from '@nestjs/cqrs';
import { CertificationChange, ExportReadinessChange, Recognitions, RecognitionsChange } from '@registry/contract';
import { formatPosition, LogPosition, RecordedEvent } from '@registry/event-store';
import { certificationStreamId, Verdict, VerdictQuery } from '@registry/domain';
import { Actor } from '@registry/kernel';
import { toHistoryEvent } from '../history/history.service';
import { GetCertificationQuery } from '../certifications/queries/get-certification/get-certification.query';
import { VerdictService } from '../verdicts/verdict.service';
import { toExportReadiness } from '../verdicts/export-readiness.view';
import { RecognitionFacts, recognitionsOf } from '../equivalences/recognitions';
import { LogHandler } from './log-subscription';

/** Every event of one certification's stream, with the certification as of that event, as the caller may see it. */
export const certificationWatcher = (certificationId: string, actor: Actor | undefined, queries: QueryBus): LogHandler<CertificationChange> => {
  const streamId = certificationStreamId(certificationId);
  return {
    async onEvents(events) {
      const out: CertificationChange[] = [];
      for (const e of events) {
        if (e.streamId !== streamId) continue;
        const view = await queries.execute(new GetCertificationQuery(certificationId, actor, false, e.position));
        if (!view) continue;
        out.push({
          position: formatPosition(e.position),
          certificationId,
          event: toHistoryEvent(e, view.source.entitled, actor !== undefined),
          // The nested history and certifier come from the view's own resolvers (CertificationsQueryResolver).
          certification: view as unknown as CertificationChange['certification'],
        });
      }
      return out;
    },
  };
};

/** What makes two verdicts "the same" for a subscriber: status, blocker, every line and integrity finding. */
const verdictKey = (v: Verdict) => JSON.stringify([v.status, v.blocker ?? null, v.lines, v.integrity]);

/**
 * Re-judges the verdict after each run of new events and when its `validUntil` passes; sends it when it differs
 * from the last one sent (or, first, from the baseline: the verdict at the starting position and `asOf`).
 * Several events in one run give one notification: a subscriber learns the verdict as it now stands, judged
 * at an exact (position, asOf) it can ask `exportReadiness` about again.
 */
export const readinessWatcher = (
  query: Omit<VerdictQuery, 'asOf'>,
  baselineAsOf: Date | undefined,
  verdicts: VerdictService,
): LogHandler<ExportReadinessChange> => {
  let last: Verdict | undefined;
  const judge = async (position: LogPosition, cause: 'EVENTS' | 'TIME', asOf = new Date().toISOString()): Promise<ExportReadinessChange[]> => {
    const { verdict } = await verdicts.judge({ ...query, asOf }, position);
    const previous = last;
    last = verdict;
    if (!previous || verdictKey(previous) === verdictKey(verdict)) return [];
    return [
      {
        position: formatPosition(position),
        cause: cause as ExportReadinessChange['cause'],
        previousStatus: previous.status as ExportReadinessChange['previousStatus'],
        readiness: toExportReadiness(verdict, asOf, position),
      },
    ];
  };
  return {
    async init(position) {
      await judge(position, 'EVENTS', (baselineAsOf ?? new Date()).toISOString());
      // Resuming from an earlier asOf: a change by time while the subscriber was away is sent first.
      return baselineAsOf ? judge(position, 'TIME') : [];
    },
    onEvents: (_events, position) => judge(position, 'EVENTS'),
    onTime: (position) => judge(position, 'TIME'),
    nextChangeAt: () => (last?.validUntil ? Date.parse(last.validUntil) : undefined),
  };
};

const affectsRecognitions = (e: RecordedEvent) => e.type.startsWith('Equivalence') || e.type.startsWith('Framework');

/** The next instant after `asOf` at which what `jurisdiction` recognises may change without an event. */
const nextRecognitionInstant = (facts: RecognitionFacts, jurisdiction: string, asOf: string): number | undefined => {
  const now = Date.parse(asOf);
  const instants: (string | null | undefined)[] = [];
  const frameworks = new Set<string>();
  for (const f of facts.frameworks.values()) if (f.jurisdiction === jurisdiction) for (const v of f.versions) instants.push(v.data.effectiveFrom);
  for (const e of facts.equivalences.values()) {
    if (e.proposal.foreignJurisdiction !== jurisdiction) continue;
    frameworks.add(e.proposal.foreign.framework);
    instants.push(e.proposal.effectiveFrom, e.proposal.effectiveUntil, e.countersigned?.at, e.withdrawn?.at, e.rejected?.at);
  }
  for (const name of frameworks) for (const v of facts.frameworks.get(name)?.versions ?? []) instants.push(v.data.effectiveFrom);
  const later = instants
    .filter((i): i is string => !!i)
    .map(Date.parse)
    .filter((t) => t > now);
  return later.length ? Math.min(...later) : undefined;
};

/** Like readinessWatcher, for `recognitions(jurisdiction)`; only equivalence and framework events can change it. */
export const recognitionsWatcher = (jurisdiction: string, baselineAsOf: Date | undefined, verdicts: VerdictService): LogHandler<RecognitionsChange> => {
  let lastKey: string | undefined;
  let nextAt: number | undefined;
  const judge = async (position: LogPosition, cause: 'EVENTS' | 'TIME', asOf = new Date().toISOString()): Promise<RecognitionsChange[]> => {
    const { facts } = await verdicts.registryWideFacts(position);
    const answer: Recognitions = { ...recognitionsOf(facts, jurisdiction, asOf), computedAt: formatPosition(position) };
    nextAt = nextRecognitionInstant(facts, jurisdiction, asOf);
    const key = JSON.stringify([answer.hkRequirementIds, answer.recognitions]);
    const previous = lastKey;
    lastKey = key;
    if (previous === undefined || previous === key) return [];
    return [{ position: formatPosition(position), cause: cause as RecognitionsChange['cause'], recognitions: answer }];
  };
  return {
    async init(position) {
      await judge(position, 'EVENTS', (baselineAsOf ?? new Date()).toISOString());
      return baselineAsOf ? judge(position, 'TIME') : [];
    },
    onEvents: (events, position) => (events.some(affectsRecognitions) ? judge(position, 'EVENTS') : Promise.resolve([])),
    onTime: (position) => judge(position, 'TIME'),
    nextChangeAt: () => nextAt,
  };
};
