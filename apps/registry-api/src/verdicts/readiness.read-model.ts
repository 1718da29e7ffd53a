import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore, formatPosition, LogPosition, parsePosition, SqlDatabase, SqlExecutor } from '@registry/event-store';
import { isBefore, judgeExportReadiness, VERDICT_RULES_VERSION, VerdictFacts } from '@registry/domain';
import { assertNever, RegistryError } from '@registry/kernel';
import { READ_DB } from '../infrastructure/event-store.providers';
import { PositionedFact, VerdictService } from './verdict.service';

/** A set of model versions whose rows an event can change. */
export type Slice =
  | { readonly kind: 'ALL' }
  | { readonly kind: 'CERTIFIER'; readonly certifierId: string }
  /** Versions certified for any of these use cases (null: any). */
  | { readonly kind: 'USE_CASES'; readonly useCases: readonly string[] | null };

/** Rows to recompute: a model version, in some target jurisdictions (null: all of them). */
export interface RecomputeTarget {
  readonly key: string;
  readonly jurisdictions: readonly string[] | null;
}

interface Dirty {
  versions: Set<string>;
  /** A slice of versions, limited to one target jurisdiction when the change is (an equivalence, a framework). */
  slices: { slice: Slice; jurisdiction: string | null }[];
}

export interface ReadinessRow {
  model_id: string;
  version: string;
  jurisdiction: string;
  use_case: string;
  status: string;
  valid_until: Date | null;
  computed_at: string;
}

const HOME_JURISDICTION = 'HK';

/** How a failed update is retried when no event or page request comes to retry it. */
export interface ReadinessRetryOptions {
  /** Delay before the first retry (ms); it doubles after each consecutive failure. */
  readonly initialDelayMs: number;
  /** The delay never grows past this (ms): an outage of any length is retried at least this often. */
  readonly maxDelayMs: number;
}

export const READINESS_RETRY = Symbol('READINESS_RETRY');
const RETRY_DEFAULTS: ReadinessRetryOptions = { initialDelayMs: 250, maxDelayMs: 30_000 };

/** What the app can expose for health: whether the rows are being kept current, and how far behind they are. */
export interface ReadinessHealth {
  /** The latest failed update's error (SQLSTATE or driver code, and message), until an update succeeds. */
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly consecutiveFailures: number;
  readonly lastSuccessAt: string | null;
  /** Marked changes (model versions and slices) not yet written to the rows. */
  readonly pendingCount: number;
  /** When the timer will retry after a failure (null: no retry scheduled). */
  readonly nextRetryAt: string | null;
}

/**
 * Versioned name: a change of shape gets a new table. Each update replaces whole model versions' rows in one
 * transaction, so several instances on one database converge on the same rows. The checkpoint row says up
 * to which log position, and under which verdict rules, the rows are current: a restart only recomputes what
 * the log gained since (a change of rules recomputes everything).
 */
export const createReadinessTable = async (db: SqlExecutor): Promise<void> => {
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1_guard (
      model_id text NOT NULL, version text NOT NULL, computed_at text NOT NULL, PRIMARY KEY (model_id, version))`);
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1_checkpoint (
      id boolean PRIMARY KEY DEFAULT true CHECK (id), position text NOT NULL, rules_version integer NOT NULL)`);
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1 (
      model_id text NOT NULL, version text NOT NULL, jurisdiction text NOT NULL, use_case text NOT NULL,
      status text NOT NULL, valid_until timestamptz, reconsider_at timestamptz, computed_at text NOT NULL,
      PRIMARY KEY (model_id, version, jurisdiction, use_case))`);
  await db.query(`CREATE INDEX IF NOT EXISTS rm_export_readiness_v1_lookup ON rm_export_readiness_v1 (jurisdiction, use_case, status, model_id, version)`);
};

/**
 * Export readiness per model version × target jurisdiction × use case, so "which models are export ready
 * for EU lending?" is one indexed query. Rows are verdicts as of the moment they were computed, derived
 * from the same facts as `exportReadiness`; any event marks the rows it can affect (an equivalence: its
 * jurisdiction and use cases; a certification: its model version; a framework: its jurisdiction), and a row
 * whose answer can change with time alone (`reconsider_at`: an expiry, a rule or recognition taking effect)
 * is recomputed before it is served. The table is a cache of a pure function of the log (and the clock): on
 * start, events up to its checkpoint mark nothing, so only what the log gained since is recomputed.
 *
 * Use cases judged per model version: those its certifications cover (the question a firm or regulator asks
 * about a model is for a use case it was certified for).
 */
@Injectable()
export class ReadinessReadModel implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ReadinessReadModel');
  /** Changes marked and not yet taken by an update. Replaced (not cleared) when taken, so marks made during an update land here. */
  private dirty: Dirty = { versions: new Set(), slices: [] };
  /** Changes the update in flight took; put back into `dirty` if it fails. */
  private taken: Dirty | null = null;
  /** The last update, settled either way: the chain must never stay rejected, or one failure would fail every later update. */
  private tail: Promise<void> = Promise.resolve();
  /** An update queued behind the one in flight and not started yet: a refresh joins it (it will sync when it starts). */
  private queued: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private nextRetryAt: Date | null = null;
  private stopped = false;
  private failures = 0;
  private lastError: ReadinessHealth['lastError'] = null;
  private lastSuccessAt: string | null = null;
  private readonly retry: ReadinessRetryOptions;
  /**
   * Created at startup, outside any request. Updates run in it: an update is shared work (an append, a timer
   * or any page request may start it), so its log lines must not carry whichever request's context woke it.
   */
  private readonly background = new AsyncResource('ReadinessReadModel');
  /** Events at or before this position are already reflected in the rows (null: nothing is). */
  private current: LogPosition | null = null;
  private checkpoint: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly verdicts: VerdictService,
    @Inject(READ_DB) private readonly db: Pick<SqlDatabase, 'query' | 'transaction'>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READINESS_RETRY) retry?: ReadinessRetryOptions,
  ) {
    this.retry = retry ?? RETRY_DEFAULTS;
  }

  async onModuleInit(): Promise<void> {
    await createReadinessTable(this.db);
    const { rows } = await this.db.query<{ position: string; rules_version: number }>('SELECT position, rules_version FROM rm_export_readiness_v1_checkpoint');
    if (rows[0]?.rules_version === VERDICT_RULES_VERSION) {
      this.checkpoint = rows[0].position;
      this.current = parsePosition(rows[0].position) ?? null;
      this.logger.log(`readiness rows current up to ${rows[0].position}; recomputing only what follows`);
    } else if (rows[0]) {
      this.logger.log(`verdict rules changed (${rows[0].rules_version} → ${VERDICT_RULES_VERSION}): recomputing every row`);
      await this.db.query('DELETE FROM rm_export_readiness_v1');
      await this.db.query('DELETE FROM rm_export_readiness_v1_guard');
    }
    this.unsubscribe.push(
      this.verdicts.onApplied((events) => this.mark(events)),
      // A failure is logged and retried by the update itself.
      this.store.onAppended(() => void this.refresh().catch(() => undefined)),
    );
  }

  /** Stops following the log and retrying, then lets an update in flight finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.cancelRetry();
    // An update failing now schedules no retry (`stopped`), so no timer outlives the module.
    await this.tail;
  }

  /**
   * Brings every row up to the log's head and to now. Serialised: one update at a time. Rejects if this
   * update fails; the failure is logged, nothing marked is lost, and a timer retries with backoff.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.background.runInAsyncScope(() =>
      this.tail.then(() => {
        this.queued = undefined;
        return this.attempt();
      }),
    );
    this.queued = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** For health checks: the latest failure, if the last update failed, and how much is waiting. */
  health(): ReadinessHealth {
    const pending = (d: Dirty | null) => (d ? d.versions.size + d.slices.length : 0);
    return {
      lastError: this.lastError,
      consecutiveFailures: this.failures,
      lastSuccessAt: this.lastSuccessAt,
      pendingCount: pending(this.dirty) + pending(this.taken),
      nextRetryAt: this.nextRetryAt?.toISOString() ?? null,
    };
  }

  private async attempt(): Promise<void> {
    try {
      await this.update();
    } catch (error) {
      this.failed(error);
      throw error;
    } finally {
      this.restoreTaken();
    }
    if (this.failures) this.logger.log(`readiness rows current again after ${this.failures} failed update(s)`);
    this.failures = 0;
    this.lastError = null;
    this.lastSuccessAt = new Date().toISOString();
    this.cancelRetry();
  }

  private failed(error: unknown): void {
    this.failures++;
    const e = error as { code?: unknown; message?: unknown };
    // Code and message only: a driver error's detail, query parameters or stack can carry row values.
    const code = typeof e?.code === 'string' ? e.code : 'UNKNOWN';
    const message = (typeof e?.message === 'string' ? e.message : String(error)).replace(/\s+/g, ' ').slice(0, 200);
    this.lastError = { code, message, at: new Date().toISOString() };
    const delay = Math.min(this.retry.maxDelayMs, this.retry.initialDelayMs * 2 ** Math.min(this.failures - 1, 30));
    this.logger.error(
      `readiness update failed (${this.failures} in a row): ${code} ${message}; ${this.health().pendingCount} change(s) kept, retrying in ${delay} ms`,
    );
    this.scheduleRetry(delay);
  }

  /** A retry by timer: after a failure no event may come to wake the model, and a page request may never come. */
  private scheduleRetry(delay: number): void {
    if (this.stopped) return;
    this.cancelRetry();
    this.nextRetryAt = new Date(Date.now() + delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.nextRetryAt = null;
      void this.refresh().catch(() => undefined);
    }, delay);
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextRetryAt = null;
  }

  /** Puts back what a failed update took (after success `taken` is already null). */
  private restoreTaken(): void {
    const taken = this.taken;
    this.taken = null;
    if (!taken) return;
    for (const key of taken.versions) this.dirty.versions.add(key);
    const slices = new Map([...taken.slices, ...this.dirty.slices].map((s) => [JSON.stringify(s), s]));
    this.dirty.slices = [...slices.values()];
  }

  private async update(): Promise<void> {
    await this.verdicts.sync();
    const { facts, computedAt } = await this.verdicts.facts();
    const taken = (this.taken = this.dirty);
    this.dirty = { versions: new Set(), slices: [] };
    const targets = new Map<string, Set<string> | null>();
    const add = (key: string, jurisdiction: string | null) => {
      const current = targets.get(key);
      if (current === null) return;
      if (jurisdiction === null) targets.set(key, null);
      else targets.set(key, (current ?? new Set()).add(jurisdiction));
    };
    for (const key of taken.versions) add(key, null);
    const slices = [...new Map(taken.slices.map((s) => [JSON.stringify(s), s])).values()];
    if (slices.length)
      for (const key of allVersionKeys(facts)) for (const { slice, jurisdiction } of slices) if (sliceTouches(facts, key, slice)) add(key, jurisdiction);
    const { rows } = await this.db.query<{ model_id: string; version: string }>(
      `SELECT DISTINCT model_id, version FROM rm_export_readiness_v1 WHERE reconsider_at <= now()`,
    );
    for (const r of rows) add(`${r.model_id}/${r.version}`, null);
    const position = formatPosition(computedAt);
    if (targets.size)
      await this.recompute(
        facts,
        [...targets].map(([key, j]) => ({ key, jurisdictions: j ? [...j] : null })),
        position,
      );
    // Only after the rows are written: a crash in between leaves the checkpoint behind, which costs a recompute, never a stale row.
    if (position !== this.checkpoint) {
      await this.db.query(
        `INSERT INTO rm_export_readiness_v1_checkpoint (id, position, rules_version) VALUES (true, $1, $2)
         ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, rules_version = EXCLUDED.rules_version`,
        [position, VERDICT_RULES_VERSION],
      );
      this.checkpoint = position;
    }
    // Written (or nothing to write): nothing to put back.
    this.taken = null;
  }

  /** Called with each batch just folded into the live facts: remembers which rows it can change. */
  private mark(events: readonly PositionedFact[]): void {
    const facts = this.verdicts.liveFacts;
    const current = this.current;
    for (const { type, data, position } of events) {
      if (current && comparePositions(position, current) <= 0) continue; // already in the rows
      switch (type) {
        case 'ModelVersionRegistered':
        case 'ModelVersionDeprecated':
        case 'WeightsLocalisationRecorded':
        case 'WeightsRelocated':
        case 'LocalisationWithdrawn':
        case 'ConditionEvidenceRecorded':
        case 'ConditionEvidenceWithdrawn':
        case 'TrainingDataProvenanceRecorded':
          this.dirty.versions.add(`${data.modelId}/${data.version}`);
          break;
        case 'CertificationIssued':
          this.dirty.versions.add(`${data.modelId}/${data.modelVersion}`);
          break;
        case 'CertificationSuspended':
        case 'CertificationReinstated':
        case 'CertificationRevoked':
        case 'CertificationRenewed':
        case 'CertificationScopeAmended': {
          const issued = facts.certifications.get(data.certificationId)?.issued;
          if (issued) this.dirty.versions.add(`${issued.modelId}/${issued.modelVersion}`);
          break;
        }
        case 'ModelRegistered':
          break; // a new model has no versions yet; each version marks itself when registered
        case 'DataTransferBasisRecorded':
        case 'DataTransferBasisWithdrawn':
          // Resolved now, not kept as a slice: a slice costs a scan of every version at the next update, and
          // a catch-up from position 0 would otherwise queue one per event (quadratic; measured 16 min at 100k).
          for (const version of facts.models.get(data.modelId)?.versions.keys() ?? []) this.dirty.versions.add(`${data.modelId}/${version}`);
          break;
        case 'FrameworkVersionPublished':
          // A new target jurisdiction adds rows to every version; a known one changes only its own rows.
          this.dirty.slices.push({ slice: { kind: 'ALL' }, jurisdiction: isKnownJurisdiction(facts, data) ? data.jurisdiction : null });
          break;
        case 'EquivalenceProposed':
        case 'EquivalenceCountersigned':
        case 'EquivalenceRejected':
        case 'EquivalenceWithdrawn': {
          const proposal = facts.equivalences.get(data.equivalenceId)?.proposal;
          this.dirty.slices.push({
            slice: { kind: 'USE_CASES', useCases: proposal?.scope.useCases ?? null },
            jurisdiction: proposal?.foreignJurisdiction ?? null,
          });
          break;
        }
        case 'SandboxRunCompleted':
          this.dirty.versions.add(`${data.modelId}/${data.modelVersion}`);
          break;
        case 'SandboxRunRequested':
        case 'SandboxRunFailed':
          break; // not evidence either way: only a completed run changes a verdict
        case 'TestSuitePublished':
          // A new suite version changes, from its effectiveFrom, every version judged for the use cases it tests.
          this.dirty.slices.push({ slice: { kind: 'USE_CASES', useCases: data.useCases }, jurisdiction: null });
          break;
        case 'CertifierAccredited':
        case 'AccreditationSuspended':
        case 'AccreditationReinstated':
        case 'AccreditationWithdrawn':
          this.dirty.slices.push({ slice: { kind: 'CERTIFIER', certifierId: data.certifierId }, jurisdiction: null });
          break;
        case 'FirmRegistered':
        case 'FirmRenamed':
        case 'RegulatorKeyRegistered':
        case 'RegulatorKeyWithdrawn':
        case 'PublicSectorSystemRegistered':
        case 'AuditCampaignOpened':
        case 'AuditorAssigned':
        case 'AuditOutcomeRecorded':
          break; // no verdict reads them
        default:
          assertNever(type);
      }
    }
  }

  /** Recomputes these rows (now, at the given log position), replacing them in one transaction. */
  async recompute(facts: VerdictFacts, targets: readonly RecomputeTarget[], computedAt: string): Promise<number> {
    const asOf = new Date().toISOString();
    const allJurisdictions = [...new Set([...facts.frameworks.values()].map((f) => f.jurisdiction))].filter((j) => j !== HOME_JURISDICTION).sort();
    const rows: Record<string, unknown>[] = [];
    for (const { key, jurisdictions } of targets) {
      const [modelId, version] = splitKey(key);
      const useCases = certifiedUseCases(facts, key, asOf);
      for (const jurisdiction of jurisdictions ?? allJurisdictions)
        for (const useCase of useCases) {
          const verdict = judgeExportReadiness(facts, { modelId, version, jurisdiction, useCase, asOf });
          rows.push({
            model_id: modelId,
            version,
            jurisdiction,
            use_case: useCase,
            status: verdict.status,
            valid_until: verdict.validUntil,
            reconsider_at: nextChange(facts, key, asOf, verdict.validUntil),
            computed_at: computedAt,
          });
        }
    }
    // Several instances may recompute one model version at once (each follows the log on its own). The guard
    // row of each version serialises them (the upsert locks it until commit) and records the log position its
    // rows were computed at: a write computed at an earlier position than the guard's is skipped, so a lagging
    // instance never brings back an older answer (the newer one has seen every event the older one has).
    const keys = [...new Set(targets.map((t) => t.key))].sort();
    let written = 0;
    await this.db.transaction(async (tx) => {
      const { rows: won } = await tx.query<{ key: string }>(
        `INSERT INTO rm_export_readiness_v1_guard AS g (model_id, version, computed_at)
         SELECT split_part(k, '/', 1), substr(k, strpos(k, '/') + 1), $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
         ON CONFLICT (model_id, version) DO UPDATE SET computed_at = EXCLUDED.computed_at
           WHERE ${positionOf('g.computed_at')} <= ${positionOf('EXCLUDED.computed_at')}
         RETURNING model_id || '/' || version AS key`,
        [keys, computedAt],
      );
      const ours = new Set(won.map((w) => w.key));
      const whole = targets.filter((t) => t.jurisdictions === null && ours.has(t.key)).map((t) => t.key);
      const parts = targets.filter((t) => ours.has(t.key)).flatMap((t) => (t.jurisdictions ?? []).map((j) => `${t.key}#${j}`));
      if (whole.length) await tx.query(`DELETE FROM rm_export_readiness_v1 WHERE (model_id || '/' || version) = ANY($1::text[])`, [whole]);
      if (parts.length)
        await tx.query(`DELETE FROM rm_export_readiness_v1 WHERE (model_id || '/' || version || '#' || jurisdiction) = ANY($1::text[])`, [parts]);
      const mine = rows.filter((r) => ours.has(`${String(r.model_id)}/${String(r.version)}`));
      written = mine.length;
      for (let i = 0; i < mine.length; i += 5000)
        await tx.query(
          `INSERT INTO rm_export_readiness_v1 (model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at, computed_at)
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(model_id text, version text, jurisdiction text, use_case text, status text,
             valid_until timestamptz, reconsider_at timestamptz, computed_at text)`,
          [JSON.stringify(mine.slice(i, i + 5000))],
        );
    });
    return written;
  }

  /** Rows of one slice, after bringing the table up to date. */
  async page(
    jurisdiction: string,
    useCase: string,
    status: string,
    first: number,
    after: string | undefined,
  ): Promise<{ rows: ReadinessRow[]; total: number }> {
    try {
      await this.refresh();
    } catch {
      // Rows that may miss a recent change are not served as current; the failure is already logged and retried.
      throw new RegistryError(
        'INTERNAL',
        'READINESS.UNAVAILABLE',
        'The export-readiness list could not be brought up to date; it is being retried, try again shortly.',
      );
    }
    const { rows } = await this.db.query<ReadinessRow>(
      `SELECT model_id, version, jurisdiction, use_case, status, valid_until, computed_at FROM rm_export_readiness_v1
       WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 AND ($4::text IS NULL OR (model_id || '/' || version) > $4)
       ORDER BY model_id, version LIMIT $5`,
      [jurisdiction, useCase, status, after ?? null, first + 1],
    );
    const { rows: count } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rm_export_readiness_v1 WHERE jurisdiction = $1 AND use_case = $2 AND status = $3`,
      [jurisdiction, useCase, status],
    );
    return { rows, total: count[0].n };
  }
}

/** A log position stored as text ("txid.pos"), as a comparable SQL row value. */
const positionOf = (column: string) => `(split_part(${column}, '.', 1)::bigint, split_part(${column}, '.', 2)::bigint)`;

const splitKey = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** Whether a framework event is for a jurisdiction that already has a framework other than the one published. */
const isKnownJurisdiction = (facts: VerdictFacts, data: { frameworkId: string; jurisdiction: string }) =>
  [...facts.frameworks].some(([id, f]) => f.jurisdiction === data.jurisdiction && (id !== data.frameworkId || f.versions.length > 1));

export const allVersionKeys = (facts: VerdictFacts): string[] =>
  [...facts.models.values()].flatMap((m) => [...m.versions.keys()].map((v) => `${m.modelId}/${v}`));

/** Use cases the version's certifications cover now (their latest scope). */
const certifiedUseCases = (facts: VerdictFacts, key: string, asOf: string): string[] => {
  const useCases = new Set<string>();
  for (const id of facts.certificationsByVersion.get(key) ?? []) {
    const c = facts.certifications.get(id)!;
    const scope = [...c.scopes].reverse().find((s) => !isBefore(asOf, s.from)) ?? c.scopes[0];
    for (const u of scope.scope.useCases) useCases.add(u);
  }
  return [...useCases].sort();
};

export const sliceTouches = (facts: VerdictFacts, key: string, slice: Slice): boolean => {
  const certifications = (facts.certificationsByVersion.get(key) ?? []).map((id) => facts.certifications.get(id)!);
  switch (slice.kind) {
    case 'ALL':
      return true;
    case 'CERTIFIER':
      return certifications.some((c) => c.issued.certifierId === slice.certifierId);
    case 'USE_CASES': {
      if (slice.useCases === null) return true;
      const certified = new Set(certifications.flatMap((c) => c.scopes.flatMap((s) => s.scope.useCases)));
      return slice.useCases.some((u) => certified.has(u));
    }
  }
};

/** The next instant after asOf at which this version's verdicts can change with no new event. */
const nextChange = (facts: VerdictFacts, key: string, asOf: string, validUntil: string | null): string | null => {
  const instants: string[] = validUntil ? [validUntil] : [];
  for (const f of facts.frameworks.values()) for (const v of f.versions) instants.push(v.data.effectiveFrom);
  for (const e of facts.equivalences.values()) instants.push(e.proposal.effectiveFrom, ...(e.proposal.effectiveUntil ? [e.proposal.effectiveUntil] : []));
  for (const id of facts.certificationsByVersion.get(key) ?? []) {
    const c = facts.certifications.get(id)!;
    instants.push(c.issued.validFrom, ...c.validity.map((v) => v.validUntil));
  }
  return instants.filter((t) => isBefore(asOf, t)).sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
};
