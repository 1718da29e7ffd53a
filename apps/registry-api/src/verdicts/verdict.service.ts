import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import {
  BareEvent,
  comparePositions,
  EVENT_STORE,
  EventStore,
  formatPosition,
  LOG_START,
  LogPage,
  LogPosition,
  parsePosition,
  SqlDatabase,
} from '@registry/event-store';
import { badInput } from '@registry/kernel';
import {
  FactEvent,
  FactsChunk,
  isRegistryEventType,
  judgeExportReadiness,
  Verdict,
  VERDICT_FACTS_FORMAT,
  VERDICT_RULES_VERSION,
  VerdictFacts,
  VerdictFactsBuilder,
  VerdictQuery,
} from '@registry/domain';
import { factScope, versionStreams } from '@registry/domain/verdict/verdict-streams';
import { FactInterner } from '@registry/domain/verdict/fact-interner';
import { EvidenceTable } from '@registry/domain/verdict/evidence-table';
import { collectGarbage } from '../infrastructure/collect-garbage';
import { GracefulShutdown } from '../infrastructure/graceful-shutdown';
import { READ_DB } from '../infrastructure/event-store.providers';
import { SnapshotChunk, SnapshotHeader, snapshotsToDrop, VerdictSnapshotStore } from './verdict-snapshots';

export interface ComputedVerdict {
  readonly verdict: Verdict;
  /** The log position the facts were read at: pass it back as knownAt to get this exact answer again. */
  readonly computedAt: LogPosition;
}

/** A fact event with its place in the log. */
export type PositionedFact = FactEvent & { readonly position: LogPosition };

/** How snapshots and `knownAt` cuts are kept; see VerdictService. */
export interface VerdictSnapshotOptions {
  /** Log events folded between two persisted snapshots. */
  readonly every: number;
  /** Persisted snapshots kept at most (at least 2: the oldest and the newest always stay). */
  readonly keep: number;
  /** Whole-facts cuts remembered, most recently used first (a client passing one `computedAt` back repeatedly). */
  readonly cachedCuts: number;
  /** First wait before a failed snapshot write is tried again (doubles per failure, up to 10 minutes). */
  readonly retryDelayMs?: number;
  /** Events read from the log per page (default 1000); a snapshot can be taken at the end of a page. */
  readonly pageSize?: number;
}

export const VERDICT_SNAPSHOTS = Symbol('VERDICT_SNAPSHOTS');
/**
 * Optional: `() => Promise<LogPosition | null>`, the newest position a snapshot loaded at start may have (null:
 * none may be loaded). A listener of `onApplied` that persists what it derived (the readiness rows) must see
 * every event after its own checkpoint, so a restart must not skip those by starting from a later snapshot.
 */
export const VERDICT_START_FLOOR = Symbol('VERDICT_START_FLOOR');
export type VerdictStartFloor = () => Promise<LogPosition | null>;

const DEFAULTS: VerdictSnapshotOptions = { every: 100_000, keep: 6, cachedCuts: 1 };
const PAGE = 1000;
/** Left of the grace period for the rest of the close (projections, the store) after a snapshot written at shutdown. */
const SHUTDOWN_MARGIN_MS = 2000;
/** While catching up (each page came back full), pages double up to this: fewer round trips over a long log. */
const MAX_PAGE = 8000;
/** Map entries per snapshot chunk. */
const CHUNK = 2000;
/** The snapshot's layout: the facts' own format, and the service's parts ('globals', 'streams'). */
export const VERDICT_SNAPSHOT_FORMAT = VERDICT_FACTS_FORMAT * 100 + 1;
const MAX_RETRY_MS = 600_000;
/** Entries per table of the interner a snapshot restore uses (a few values per model version). */
const RESTORE_INTERNER_SIZE = 4_000_000;
/** A bring-up of at least this many log events is followed by a full collection (`reclaimAfterBringUp`). */
const RECLAIM_AFTER = 100_000;

/**
 * A recorded event as a positioned fact; null for an event type no decider of the registry decides. One object, built
 * whole (the fold makes one per event of the log: spreading the event into a fact and the fact into a positioned one
 * made three), with `type` and `data` as given (the live fold passes them interned).
 */
const toFact = (e: BareEvent, type: string = e.type, data: unknown = e.data): PositionedFact | null => {
  if (!isRegistryEventType(type)) return null; // as toFactEvent: only the registry's own event types
  return { type, data, ref: { eventId: e.eventId, position: formatPosition(e.position), type }, position: e.position } as PositionedFact;
};

/** The code of a database error, never its message (a driver's message or detail can carry row values). */
export const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /^[A-Z_]+\.[A-Z_]+$/.test(message) ? message : 'UNKNOWN';
};

const GLOBAL_MAPS = ['frameworks', 'certifiers', 'equivalences', 'sandboxSuites'] as const;
export type RegistryWideFact = (typeof GLOBAL_MAPS)[number];

/**
 * Answers export-readiness questions from the log itself, in memory bounded by the registry's state, not its
 * history.
 *
 * - The live facts are folded incrementally (each question first applies what the log gained). They are a
 *   compact index (per model, per model version, per certification, per equivalence), not the event list.
 * - Every `every` log events the live facts are persisted to the read-model database as a snapshot, by a
 *   background job (a failed write is logged by error code and tried again later; no command waits for it).
 *   While catching up (pages come back full, as on a first start over a long log) none is written on the way:
 *   one at the head, once there. A restart loads the newest snapshot and folds only the log after it. At most
 *   `keep` snapshots are kept, spread over the log (snapshotsToDrop).
 * - A `knownAt` verdict (what the registry knew at a past position) folds only what that verdict reads: the
 *   streams of the model version, read up to the position, and the registry-wide facts (frameworks,
 *   certifiers, equivalences, test suites), whose events are few and kept in memory in log order. Its cost
 *   follows the model's history, not the log's length.
 * - Whole facts at a past position (the recognitions query) start from the newest persisted snapshot at or
 *   before it, plus the events after that, read from the store: a cost (and, while cached, memory) in
 *   proportion to the registry's state. `registryWideFacts(knownAt)` serves what `recognitions` reads
 *   without it.
 * Without a read-model database (tests, benches that pass none) nothing is persisted: a restart folds the whole
 * log and a whole-facts cut folds the log up to it.
 */
@Injectable()
export class VerdictService implements OnModuleDestroy {
  private readonly logger = new Logger(VerdictService.name);
  private head: LogPosition = LOG_START;
  private live = new VerdictFactsBuilder();
  /** Log events (of any type) up to `head`, from the log's start. */
  private logEvents = 0;
  /** `logEvents` at the newest snapshot written or loaded. */
  private snapshotAt = 0;
  /** Events folded into the live facts by this instance (a restart from a snapshot folds only the tail). */
  private foldedHere = 0;
  /** Registry-wide fact events, in log order: few (frameworks, certifiers, equivalences, test suites). */
  private globals: PositionedFact[] = [];
  /** Streams holding a model's or version's facts that `versionStreams` cannot name, by 'm:modelId' / 'v:modelId/version'. */
  private streams = new Map<string, string[]>();
  private readonly cuts = new Map<string, VerdictFacts>();
  private readonly globalCuts = new Map<number, VerdictFacts>();
  private catchingUp: Promise<void> | undefined;
  private started: Promise<void> | undefined;
  private readonly appliedListeners = new Set<(events: readonly PositionedFact[]) => void>();

  private readonly options: VerdictSnapshotOptions;
  private readonly snapshots: VerdictSnapshotStore | undefined;
  private writing: Promise<void> | undefined;
  private failures = 0;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private persisted = 0;
  /** Closing: no snapshot starts, except the one `onModuleDestroy` may write. */
  private stopping = false;
  /** A snapshot write in flight is given up after this (epoch ms): never while running, at once when closed without a deadline. */
  private finishBy = Number.POSITIVE_INFINITY;
  /** Foreground work running now (`inForeground`): a snapshot's serialisation waits for none to run. */
  private foreground = 0;
  /** Snapshot writes waiting for the foreground work to end. */
  private foregroundEnded: (() => void)[] = [];
  /** Shares equal strings, small arrays and references between the live facts (bounded tables). */
  private readonly interner = new FactInterner();
  /** The collection after the first bring-up has run (see `reclaimAfterBringUp`). */
  private reclaimed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(VERDICT_SNAPSHOTS) options?: VerdictSnapshotOptions,
    @Optional() @Inject(READ_DB) db?: Pick<SqlDatabase, 'query' | 'transaction'>,
    @Optional() @Inject(VERDICT_START_FLOOR) private readonly startFloor?: VerdictStartFloor,
    @Optional() @Inject(GracefulShutdown) private readonly shutdown?: Pick<GracefulShutdown, 'deadline'>,
  ) {
    this.options = options ?? DEFAULTS;
    this.snapshots = db ? new VerdictSnapshotStore(db) : undefined;
  }

  async judge(query: VerdictQuery, knownAt?: LogPosition): Promise<ComputedVerdict> {
    await this.catchUp();
    this.refuseAhead(knownAt);
    if (!knownAt || comparePositions(knownAt, this.head) === 0) return { verdict: judgeExportReadiness(this.live.facts, query), computedAt: this.head };
    return { verdict: judgeExportReadiness(await this.versionCut(query.modelId, query.version, knownAt), query), computedAt: knownAt };
  }

  /** The folded facts as known at `knownAt` (default: now), e.g. for the recognitions query. */
  async facts(knownAt?: LogPosition): Promise<{ facts: VerdictFacts; computedAt: LogPosition }> {
    await this.catchUp();
    this.refuseAhead(knownAt);
    if (!knownAt || comparePositions(knownAt, this.head) === 0) return { facts: this.live.facts, computedAt: this.head };
    return { facts: await this.cut(knownAt), computedAt: knownAt };
  }

  /**
   * Only the registry-wide facts (frameworks, certifiers, equivalences, test suites) as known at `knownAt`: what
   * `recognitions` reads. Exact and cheap at any position (their events are few and kept in memory), where
   * `facts(knownAt)` must rebuild every model's facts from a persisted snapshot.
   */
  async registryWideFacts(knownAt?: LogPosition): Promise<{ facts: Pick<VerdictFacts, RegistryWideFact | 'evidence'>; computedAt: LogPosition }> {
    await this.catchUp();
    this.refuseAhead(knownAt);
    if (!knownAt || comparePositions(knownAt, this.head) === 0) return { facts: this.live.facts, computedAt: this.head };
    return { facts: this.globalsAt(knownAt), computedAt: knownAt };
  }

  /** Tells a listener of every batch of events folded into the live facts (the readiness read model). */
  onApplied(listener: (events: readonly PositionedFact[]) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /**
   * Hands a batch just folded to every listener. One that throws is logged (by error code) and the others still get
   * the batch: the facts have moved on either way, and a throw here used to end the catch-up half-way, the pages
   * after it unread until the next question.
   */
  private tellApplied(batch: readonly PositionedFact[]): void {
    for (const listener of this.appliedListeners)
      try {
        listener(batch);
      } catch (error) {
        this.logger.error(`a listener of the verdict facts failed on a batch of ${batch.length} event(s) (${codeOf(error)}); folding goes on`);
      }
  }

  /** The live facts as folded so far (synchronous; for listeners reacting to a batch just applied). */
  get liveFacts(): VerdictFacts {
    return this.live.facts;
  }

  /** Folds whatever the log gained; resolves when the live facts are at the log's head. */
  sync(): Promise<void> {
    return this.catchUp();
  }

  /** Snapshots written by this instance (for tests and metrics). */
  get snapshotCount(): number {
    return this.persisted;
  }

  /** Events folded into the live facts by this instance: after a restart from a snapshot, only the tail. */
  get foldedCount(): number {
    return this.foldedHere;
  }

  /**
   * Runs work that should not share this thread with a snapshot's serialisation (the readiness rows written from these
   * facts): a snapshot write waits between its chunks while any such work runs, and goes on after it. The snapshot is
   * of the facts as taken when it was due, whenever it is serialised, so only its time on disk moves. At a first start
   * the snapshot at the head fell in the middle of the readiness first build and cost it about a second at 100k model
   * versions (docs/benchmarks.md). Closing, a snapshot no longer waits (the grace period is for finishing it).
   */
  async inForeground<T>(work: () => Promise<T>): Promise<T> {
    this.foreground++;
    try {
      return await work();
    } finally {
      if (--this.foreground === 0) this.releaseForeground();
    }
  }

  private releaseForeground(): void {
    for (const resume of this.foregroundEnded.splice(0)) resume();
  }

  /** Resolves once no foreground work runs (at once when there is none, or when closing). */
  private foregroundIdle(): Promise<void> {
    if (this.foreground === 0 || this.stopping) return Promise.resolve();
    return new Promise<void>((resume) => this.foregroundEnded.push(resume));
  }

  /** Resolves when no snapshot write is in flight (tests; shutdown). */
  async snapshotsSettled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * Closing. Stopped by a signal (GracefulShutdown has a deadline), the facts are not simply dropped: a snapshot write
   * in flight may finish, and when the live facts are a snapshot interval or more past the last one persisted (a first
   * start over a long log writes none while it catches up), one is written now, both within what is left of the grace
   * period less a margin for the rest of the close. The next start then restores the facts instead of folding the log
   * from an earlier snapshot (at 1M events: 716 MB settled after such a fold, 501 MB after a restore;
   * docs/benchmarks.md). Closed without a deadline (tests, the CLI), or past it, a write in flight is given up at once.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    const deadline = this.shutdown?.deadline;
    this.finishBy = deadline === undefined ? 0 : deadline - SHUTDOWN_MARGIN_MS;
    // A write waiting for foreground work goes on now: to finish within the grace period, or to be given up.
    this.releaseForeground();
    if (Date.now() < this.finishBy) this.maybeSnapshot(true);
    await this.snapshotsSettled();
  }

  private refuseAhead(knownAt: LogPosition | undefined): void {
    // A position the log has not reached yet would answer differently once it has.
    if (knownAt && comparePositions(knownAt, this.head) > 0)
      throw badInput('VERDICT.KNOWN_AT_AHEAD_OF_LOG', `knownAt ${formatPosition(knownAt)} is beyond the log's head ${formatPosition(this.head)}`, {
        field: 'knownAt',
      });
  }

  /**
   * The facts one version's verdict reads, as they stood at `knownAt`: the version's streams read up to it,
   * beside the registry-wide facts at it. Streams are named from the live facts: they know every certification,
   * run, basis and evidence stream the version ever had, and reading one up to `knownAt` drops what came later.
   */
  private async versionCut(modelId: string, version: string, knownAt: LogPosition): Promise<VerdictFacts> {
    const names = new Set([
      ...versionStreams(this.live.facts, modelId, version),
      ...(this.streams.get(`m:${modelId}`) ?? []),
      ...(this.streams.get(`v:${modelId}/${version}`) ?? []),
    ]);
    const slices = await Promise.all([...names].map((s) => this.store.readStream(s, { knownAt })));
    const events = slices.flatMap((s) => s.events).sort((a, b) => comparePositions(a.position, b.position));
    const global = this.globalsAt(knownAt);
    // Over the registry-wide cut's references, so both sets of facts resolve through one table.
    const builder = new VerdictFactsBuilder(new EvidenceTable(global.evidence));
    for (const e of events) {
      const fact = toFact(e);
      if (fact && factScope(fact, builder.facts).kind !== 'GLOBAL') builder.apply(fact);
    }
    return { ...builder.facts, ...Object.fromEntries(GLOBAL_MAPS.map((m) => [m, global[m]])) };
  }

  /** The registry-wide facts as they stood at `knownAt` (cached by how many of their events it includes). */
  private globalsAt(knownAt: LogPosition): VerdictFacts {
    let lo = 0;
    let hi = this.globals.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(this.globals[mid].position, knownAt) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const cached = this.globalCuts.get(lo);
    if (cached) return cached;
    const builder = new VerdictFactsBuilder();
    for (let i = 0; i < lo; i++) builder.apply(this.globals[i]);
    this.globalCuts.set(lo, builder.facts);
    if (this.globalCuts.size > 16) this.globalCuts.delete(this.globalCuts.keys().next().value!);
    return builder.facts;
  }

  /** Whole facts at a position behind the head: the newest persisted snapshot at or before it, plus the log after it. */
  private async cut(knownAt: LogPosition): Promise<VerdictFacts> {
    const key = formatPosition(knownAt);
    const cached = this.cuts.get(key);
    if (cached) {
      this.cuts.delete(key);
      this.cuts.set(key, cached);
      return cached;
    }
    let builder = new VerdictFactsBuilder();
    let from = LOG_START;
    const base = (await this.usableSnapshots().catch(() => [])).filter((s) => comparePositions(s.position, knownAt) <= 0).pop();
    if (base) {
      const restored = await this.restore(base).catch((error: unknown) => {
        this.logger.warn(`verdict snapshot at ${formatPosition(base.position)} unreadable (${codeOf(error)}); folding the log instead`);
        return undefined;
      });
      if (restored) {
        builder = restored.builder;
        from = base.position;
      }
    }
    for (let after = from; ;) {
      const { events: page } = await this.store.readPage({ after, limit: PAGE, bare: true });
      let done = page.length < PAGE;
      for (const e of page) {
        if (comparePositions(e.position, knownAt) > 0) {
          done = true;
          break;
        }
        const fact = toFact(e);
        if (fact) builder.apply(fact);
      }
      if (done || page.length === 0) break;
      after = page[page.length - 1].position;
    }
    this.cuts.set(key, builder.facts);
    if (this.cuts.size > this.options.cachedCuts) this.cuts.delete(this.cuts.keys().next().value!);
    return builder.facts;
  }

  /** Reads what the log gained since last time; concurrent callers share one read. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        this.started ??= this.start();
        await this.started;
        // A page size set in the options (tests) is kept; otherwise pages grow while they come back full.
        const [first, most] = this.options.pageSize ? [this.options.pageSize, this.options.pageSize] : [PAGE, MAX_PAGE];
        // Bare: the facts fold what happened; the events' metadata (40% of their JSON) is never read.
        const read = (after: LogPosition, limit: number) => this.store.readPage({ after, limit, bare: true });
        /** The next page, read while this one is folded (a page came back full); a failed read is read again in turn. */
        let ahead: { after: LogPosition; limit: number; page: Promise<LogPage<BareEvent> | undefined> } | undefined;
        for (let limit = first; ;) {
          const next = ahead && comparePositions(ahead.after, this.head) === 0 && ahead.limit === limit ? await ahead.page : undefined;
          ahead = undefined;
          const { events: page } = next ?? (await read(this.head, limit));
          const full = page.length >= limit;
          limit = full ? Math.min(limit * 2, most) : first;
          // The server reads the next page while this thread folds this one (a first fold of 377k events waited for it
          // a fifth of the time: docs/benchmarks.md).
          if (full) {
            const after = page[page.length - 1].position;
            ahead = { after, limit, page: read(after, limit).catch(() => undefined) };
          }
          if (page.length === 0) {
            // At the head. A log whose last page came back exactly full took no snapshot on it: one is due here.
            this.maybeSnapshot();
            this.reclaimAfterBringUp();
            return;
          }
          const batch: PositionedFact[] = [];
          for (const e of page) {
            const fact = toFact(e, this.interner.string(e.type), this.interner.value(e.data));
            if (!fact) continue;
            this.index(fact, e.streamId);
            this.live.apply(fact);
            batch.push(fact);
          }
          this.foldedHere += page.length;
          this.logEvents += page.length;
          this.head = page[page.length - 1].position;
          this.tellApplied(batch);
          // Not while catching up (the page came back full): one snapshot at the head, not one per interval on the
          // way. A snapshot serialises every fact on this thread, and a first start at 1M events wrote several
          // while folding, each slowing the fold and the readiness build behind it.
          if (!full) this.maybeSnapshot();
        }
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  /**
   * Once, when the live facts first reach the head after a restore or a long fold (≥ RECLAIM_AFTER events): a
   * full collection, so the memory the bring-up used and left behind goes back to the system (at 200k events
   * the process went from 425 to 328 MB). Costs one pause of about a tenth of a second per 100 MB of facts, so it
   * waits for the foreground work (`inForeground`: the readiness update that brought the facts up, whose rows a first
   * start would otherwise write that much later); none is made once closing.
   */
  private reclaimAfterBringUp(): void {
    if (this.reclaimed || this.logEvents < RECLAIM_AFTER) return;
    this.reclaimed = true;
    const events = this.logEvents;
    void this.foregroundIdle().then(() => {
      if (this.stopping) return;
      this.interner.clear();
      const started = performance.now();
      if (collectGarbage()) this.logger.log(`verdict facts up at ${events} events; memory reclaimed in ${Math.round(performance.now() - started)} ms`);
    });
  }

  /** Whether folding has already gone past another snapshot interval (a next write is about to start). */
  private writingAgain(): boolean {
    return this.logEvents - this.snapshotAt >= this.options.every;
  }

  /** Keeps what a `knownAt` verdict needs besides the live facts: registry-wide events, and streams the facts cannot name. */
  private index(fact: PositionedFact, streamId: string): void {
    const scope = factScope(fact, this.live.facts);
    if (scope.kind === 'GLOBAL') {
      this.globals.push(fact);
      return;
    }
    if (scope.kind !== 'MODEL' || scope.stream === streamId) return;
    const key = scope.version === null ? `m:${scope.modelId}` : `v:${scope.modelId}/${scope.version}`;
    const known = this.streams.get(key);
    if (!known) this.streams.set(key, [streamId]);
    else if (!known.includes(streamId)) known.push(streamId);
  }

  // ---- persisted snapshots ----

  /** At first use: the newest usable snapshot, if any (never past the start floor), else the log's start. */
  private async start(): Promise<void> {
    if (!this.snapshots) return;
    try {
      const floor = this.startFloor ? await this.startFloor() : undefined;
      if (floor === null) return;
      const head = await this.store.headPosition();
      const base = (await this.usableSnapshots())
        .filter((s) => comparePositions(s.position, head) <= 0 && (!floor || comparePositions(s.position, floor) <= 0))
        .pop();
      if (!base) return;
      const restored = await this.restore(base);
      this.live = restored.builder;
      this.globals = restored.globals;
      this.streams = restored.streams;
      this.head = base.position;
      this.logEvents = this.snapshotAt = base.events;
      this.logger.log(`verdict facts restored from the snapshot at ${formatPosition(base.position)} (${base.events} events); folding the log after it`);
    } catch (error) {
      // Unreadable, corrupt or unreachable: the log itself is the truth; fold it from the start.
      this.logger.warn(`verdict snapshot not loaded (${codeOf(error)}); folding the log from its start`);
    }
  }

  /** Snapshots of this format and these rules, oldest first. */
  private async usableSnapshots(): Promise<SnapshotHeader[]> {
    if (!this.snapshots) return [];
    return (await this.snapshots.list()).filter((s) => s.format === VERDICT_SNAPSHOT_FORMAT && s.rulesVersion === VERDICT_RULES_VERSION);
  }

  private async restore(header: SnapshotHeader): Promise<{ builder: VerdictFactsBuilder; globals: PositionedFact[]; streams: Map<string, string[]> }> {
    const builder = new VerdictFactsBuilder();
    const globals: PositionedFact[] = [];
    const streams = new Map<string, string[]>();
    // A snapshot lists the facts map by map (every model, then every certification…), so a value shared by facts
    // of one version (its digest, model id, instants) is read once per map, far apart: an interner as large as the
    // snapshot is needed to share them again, for the restore only.
    const interner = new FactInterner(RESTORE_INTERNER_SIZE);
    for await (const chunk of this.snapshots!.read(header.position)) {
      if (chunk.part === 'globals')
        for (const event of chunk.entries as FactEvent[]) {
          const position = parsePosition(event?.ref?.position ?? '');
          if (!position) throw new Error('VERDICT_SNAPSHOT.BAD_GLOBAL');
          globals.push({ ...event, position });
        }
      else if (chunk.part === 'streams')
        for (const entry of chunk.entries) {
          const [key, names] = entry as [unknown, unknown];
          if (typeof key !== 'string' || !Array.isArray(names)) throw new Error('VERDICT_SNAPSHOT.BAD_STREAMS');
          streams.set(key, names as string[]);
        }
      // Decoded JSON shares nothing: intern it, so restored facts take the memory folded ones do (references are packed already).
      else if (chunk.part === 'evidence') builder.restore(chunk as FactsChunk);
      else
        builder.restore({
          part: (chunk as FactsChunk).part,
          entries: chunk.entries.map((entry) => interner.value(entry) as FactsChunk['entries'][number]),
        });
      await nextTurn();
    }
    return { builder, globals, streams };
  }

  /** Starts a background snapshot write when one is due (and none is in flight or waiting to retry). */
  private maybeSnapshot(atShutdown = false): void {
    if (!this.snapshots || (this.stopping && !atShutdown) || this.writing || this.logEvents - this.snapshotAt < this.options.every || Date.now() < this.retryAt)
      return;
    // Taken now, synchronously, so it is exactly the facts at `head`; serialised and written in the background.
    const header: SnapshotHeader = { position: this.head, events: this.logEvents, format: VERDICT_SNAPSHOT_FORMAT, rulesVersion: VERDICT_RULES_VERSION };
    const facts = this.live.fork();
    const globals = this.globals.map(({ position: _, ...event }) => event);
    const streams = [...this.streams].map(([k, v]) => [k, [...v]] as const);
    const write = this.writeSnapshot(header, facts, globals, streams).finally(() => {
      this.writing = undefined;
      // Folding may have gone on past another interval meanwhile (a first start folds the whole log).
      this.maybeSnapshot();
    });
    this.writing = write;
  }

  private async writeSnapshot(
    header: SnapshotHeader,
    facts: VerdictFactsBuilder,
    globals: readonly FactEvent[],
    streams: readonly (readonly [string, readonly string[]])[],
  ): Promise<void> {
    const snapshots = this.snapshots!;
    const late = () => Date.now() > this.finishBy;
    const foregroundIdle = () => this.foregroundIdle();
    async function* chunks(): AsyncGenerator<SnapshotChunk> {
      for (const chunk of facts.chunks(CHUNK)) {
        await foregroundIdle();
        // Closing, with no time left: give up this snapshot rather than hold the process (the next start writes one).
        if (late()) throw new Error('VERDICT_SNAPSHOT.STOPPED');
        yield chunk;
        await nextTurn(); // let requests and commands run between chunks
      }
      for (let i = 0; i < globals.length; i += CHUNK) yield { part: 'globals', entries: globals.slice(i, i + CHUNK) };
      for (let i = 0; i < streams.length; i += CHUNK) yield { part: 'streams', entries: streams.slice(i, i + CHUNK) };
    }
    try {
      const bytes = await snapshots.write(header, chunks());
      this.snapshotAt = header.events;
      this.persisted++;
      this.failures = 0;
      this.retryAt = 0;
      this.logger.log(`verdict snapshot written at ${formatPosition(header.position)} (${header.events} events, ${Math.round(bytes / 1024)} KiB)`);
      // Serialising the whole facts left as much garbage behind as a bring-up: give it back the same way.
      if (header.events >= RECLAIM_AFTER && !this.stopping && !this.writingAgain()) collectGarbage();
    } catch (error) {
      if (this.stopping) {
        this.logger.warn(
          `verdict snapshot at ${formatPosition(header.position)} not written before the process stops (${codeOf(error)}); the next start folds the log after the last one`,
        );
        return;
      }
      this.failures++;
      const delay = Math.min(MAX_RETRY_MS, (this.options.retryDelayMs ?? 5000) * 2 ** Math.min(this.failures - 1, 20));
      this.retryAt = Date.now() + delay;
      this.logger.error(`verdict snapshot write failed (${codeOf(error)}, ${this.failures} in a row); retrying in ${delay} ms`);
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.retryAt = 0;
        this.maybeSnapshot();
      }, delay);
      this.retryTimer.unref();
    }
    if (this.failures > 0 || this.stopping) return;
    // Pruning is not part of the write: a failure here is logged on its own and tried again after the next write.
    try {
      const all = await snapshots.list();
      const stale = all.filter((s) => s.format !== VERDICT_SNAPSHOT_FORMAT || s.rulesVersion !== VERDICT_RULES_VERSION);
      const usable = all.filter((s) => !stale.includes(s));
      await snapshots.delete([...stale, ...snapshotsToDrop(usable, this.options.keep)].map((s) => s.position));
    } catch (error) {
      if (!this.stopping) this.logger.warn(`verdict snapshot pruning failed (${codeOf(error)}); tried again after the next snapshot`);
    }
  }
}
