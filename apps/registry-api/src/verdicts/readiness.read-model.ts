import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, LogPosition, parsePosition, SqlDatabase } from '@registry/event-store';
import { VERDICT_RULES_VERSION, VerdictFacts } from '@registry/domain';
import { RegistryError } from '@registry/kernel';
import { READ_DB } from '../infrastructure/event-store.providers';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { markEvents, mergeChanges, noChanges, PendingChanges, pendingCount, RecomputeTarget, recomputeTargets } from './readiness-invalidation';
import { ReadinessRows } from './readiness-rows';
import { ReadinessRow, ReadinessTable } from './readiness-table';
import { codeOf, PositionedFact, VerdictService } from './verdict.service';

// What callers imported from here before the split (the bench, the specs).
export { allVersionKeys, sliceTouches } from './readiness-invalidation';
export type { RecomputeTarget, Slice } from './readiness-invalidation';
export { createReadinessTable } from './readiness-table';
export type { ReadinessRow } from './readiness-table';

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
export class ReadinessReadModel implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ReadinessReadModel');
  /** Changes marked and not yet taken by an update. Replaced (not cleared) when taken, so marks made during an update land here. */
  private dirty: PendingChanges = noChanges();
  /** Changes the update in flight took; put back into `dirty` if it fails. */
  private taken: PendingChanges | null = null;
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
  /** The live facts have been brought to the log's head at least once by this instance (see `currentWithoutFacts`). */
  private factsUp = false;
  /** The background bring-up of the live facts started by `currentWithoutFacts`. */
  private warmUp: Promise<void> | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly table: ReadinessTable;

  constructor(
    private readonly verdicts: VerdictService,
    @Inject(READ_DB) db: Pick<SqlDatabase, 'query' | 'transaction'>,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(READINESS_RETRY) retry?: ReadinessRetryOptions,
    @Optional() @Inject(REGISTRY_CONFIG) private readonly config?: Pick<RegistryConfig, 'maintenance'>,
  ) {
    this.retry = retry ?? RETRY_DEFAULTS;
    this.table = new ReadinessTable(db);
  }

  async onModuleInit(): Promise<void> {
    await this.table.create();
    const checkpoint = await this.table.checkpoint();
    if (checkpoint?.rulesVersion === VERDICT_RULES_VERSION) {
      this.checkpoint = checkpoint.position;
      this.current = parsePosition(checkpoint.position) ?? null;
      this.logger.log(`readiness rows current up to ${checkpoint.position}; recomputing only what follows`);
    } else if (checkpoint) {
      this.logger.log(`verdict rules changed (${checkpoint.rulesVersion} → ${VERDICT_RULES_VERSION}): recomputing every row`);
      await this.table.clear();
    }
    this.unsubscribe.push(
      this.verdicts.onApplied((events) => this.mark(events)),
      // A failure is logged and retried by the update itself.
      this.store.onAppended(() => void this.refresh().catch(() => undefined)),
    );
  }

  /**
   * Brings the rows current as the app starts, in the background (the port opens meanwhile): after a restart with
   * nothing new this is a check and the live facts come up behind it; on a first start it is the first build,
   * which would otherwise fall on the first request. A failure is logged and retried like any update.
   */
  onApplicationBootstrap(): void {
    // An operator command (`registry rebuild`) has no use for the rows or the facts behind them.
    if (this.config?.maintenance) return;
    void this.refresh().catch(() => undefined);
  }

  /** Stops following the log and retrying, then lets an update in flight (and a background bring-up of the facts) finish. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const stop of this.unsubscribe.splice(0)) stop();
    this.cancelRetry();
    // An update failing now schedules no retry (`stopped`), so no timer outlives the module.
    await this.tail;
    await this.warmUp;
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
    return {
      lastError: this.lastError,
      consecutiveFailures: this.failures,
      lastSuccessAt: this.lastSuccessAt,
      pendingCount: pendingCount(this.dirty) + pendingCount(this.taken),
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
    mergeChanges(this.dirty, taken);
  }

  /**
   * One update, in the foreground of the verdict facts (`VerdictService.inForeground`): what the facts would do in the
   * background meanwhile (a snapshot's serialisation, the collection after a first bring-up) waits until the rows are
   * written. At a first start both fell in the middle of the first build.
   */
  private update(): Promise<void> {
    return this.verdicts.inForeground(() => this.updateRows());
  }

  private async updateRows(): Promise<void> {
    if (await this.currentWithoutFacts()) return;
    await this.verdicts.sync();
    this.factsUp = true;
    const { facts, computedAt } = await this.verdicts.facts();
    const taken = (this.taken = this.dirty);
    this.dirty = noChanges();
    const targets = recomputeTargets(taken, facts, await this.table.due());
    const position = formatPosition(computedAt);
    if (targets.length) await this.recompute(facts, targets, position);
    // Only after the rows are written: a crash in between leaves the checkpoint behind, which costs a recompute, never a stale row.
    if (position !== this.checkpoint) {
      await this.table.saveCheckpoint(position, VERDICT_RULES_VERSION);
      this.checkpoint = position;
    }
    // Written (or nothing to write): nothing to put back.
    this.taken = null;
  }

  /**
   * After a restart, before the live facts are first brought up (restoring them takes seconds at a million events),
   * the rows may be known current without them: the checkpoint is the log's head (nothing was appended since they
   * were written), nothing is marked and no row is due for reconsideration (`reconsider_at`). They are then served
   * as they are, and the facts are brought up in the background; the first update that has anything to do (an
   * append, a due row) waits for them. Any doubt (another position, a marked change, a due row) takes the full path.
   */
  private async currentWithoutFacts(): Promise<boolean> {
    if (this.factsUp || this.checkpoint === null || pendingCount(this.dirty) > 0) return false;
    if (formatPosition(await this.store.headPosition()) !== this.checkpoint) return false;
    if ((await this.table.due()).length > 0) return false;
    this.warmUp ??= this.verdicts.sync().then(
      () => {
        this.factsUp = true;
      },
      // The next update syncs again and reports a failure through the usual path.
      (error: unknown) => {
        this.warmUp = undefined;
        this.logger.warn(`verdict facts not brought up in the background (${codeOf(error)}); the next update will retry`);
      },
    );
    return true;
  }

  /** Called with each batch just folded into the live facts: remembers which rows it can change. */
  private mark(events: readonly PositionedFact[]): void {
    markEvents(this.dirty, events, this.verdicts.liveFacts, this.current);
  }

  /** Recomputes these rows (now, at the given log position), replacing them in one transaction; returns the rows written. */
  async recompute(facts: VerdictFacts, targets: readonly RecomputeTarget[], computedAt: string): Promise<number> {
    const rows = new ReadinessRows(facts, new Date().toISOString());
    return this.table.replace(targets, computedAt, (batch) => batch.flatMap((target) => rows.of(target)));
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
    return this.table.page(jurisdiction, useCase, status, first, after);
  }

  /** Whether a page after `key` has a previous page (a row of the slice at or before it). */
  hasAtOrBefore(jurisdiction: string, useCase: string, status: string, key: string): Promise<boolean> {
    return this.table.hasAtOrBefore(jurisdiction, useCase, status, key);
  }
}
