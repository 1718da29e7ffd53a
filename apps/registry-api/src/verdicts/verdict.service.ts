import { Inject, Injectable, Optional } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore, formatPosition, LOG_START, LogPosition, RecordedEvent } from '@registry/event-store';
import { badInput } from '@registry/kernel';
import { FactEvent, judgeExportReadiness, toFactEvent, Verdict, VerdictFacts, VerdictFactsBuilder, VerdictQuery } from '@registry/domain';

export interface ComputedVerdict {
  readonly verdict: Verdict;
  /** The log position the facts were read at: pass it back as knownAt to get this exact answer again. */
  readonly computedAt: LogPosition;
}

/** A fact event with its place in the log. */
export type PositionedFact = FactEvent & { readonly position: LogPosition };

/** How `knownAt` cuts are served; see VerdictService. */
export interface VerdictSnapshotOptions {
  /** Events folded between two snapshots, to begin with (the interval doubles as the log grows). */
  readonly every: number;
  /** Snapshots kept at most; past it every other one is dropped and the interval doubles. */
  readonly keep: number;
  /** Cut facts remembered, most recently used first (a client passing one `computedAt` back repeatedly). */
  readonly cachedCuts: number;
}

export const VERDICT_SNAPSHOTS = Symbol('VERDICT_SNAPSHOTS');
const DEFAULTS: VerdictSnapshotOptions = { every: 20_000, keep: 8, cachedCuts: 8 };
const PAGE = 1000;

/** A recorded event as a positioned fact; null for an event type no decider of the registry decides. */
const toFact = (e: RecordedEvent): PositionedFact | null => {
  const fact = toFactEvent(e, { eventId: e.eventId, position: formatPosition(e.position), type: e.type });
  return fact && { ...fact, position: e.position };
};

/**
 * Answers export-readiness questions from the log itself. The latest facts are folded incrementally (each
 * question first applies what the log gained since the last one). A `knownAt` question needs the facts as
 * they stood at that position: what the registry knew then, exactly, because a log position is a stable
 * prefix of history. Those are rebuilt from the nearest snapshot at or before the position (snapshots are
 * forks of the live facts taken as the log is folded, thinned so there are at most `keep`), plus the events
 * after it, kept in memory in log order. So a cut folds at most one snapshot interval of events instead of
 * the log from its start. (Reading those events back from the store instead was measured ~40× slower per
 * event than folding them from memory, so the events stay.)
 */
@Injectable()
export class VerdictService {
  private head: LogPosition = LOG_START;
  private readonly live = new VerdictFactsBuilder();
  /** Every event folded so far, in log order. */
  private readonly events: PositionedFact[] = [];
  /** `index`: how many of `events` the snapshot holds. */
  private readonly snapshots: { index: number; position: LogPosition; builder: VerdictFactsBuilder }[] = [];
  private interval: number;
  private sinceSnapshot = 0;
  private readonly cuts = new Map<string, VerdictFacts>();
  private catchingUp: Promise<void> | undefined;
  private readonly appliedListeners = new Set<(events: readonly PositionedFact[]) => void>();

  private readonly options: VerdictSnapshotOptions;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(VERDICT_SNAPSHOTS) options?: VerdictSnapshotOptions,
  ) {
    this.options = options ?? DEFAULTS;
    this.interval = this.options.every;
  }

  async judge(query: VerdictQuery, knownAt?: LogPosition): Promise<ComputedVerdict> {
    // A position the log has not reached yet would answer differently once it has: facts() refuses it.
    const { facts, computedAt } = await this.facts(knownAt);
    return { verdict: judgeExportReadiness(facts, query), computedAt };
  }

  /** The folded facts as known at `knownAt` (default: now), e.g. for the recognitions query. */
  async facts(knownAt?: LogPosition): Promise<{ facts: VerdictFacts; computedAt: LogPosition }> {
    await this.catchUp();
    if (knownAt && comparePositions(knownAt, this.head) > 0)
      throw badInput('VERDICT.KNOWN_AT_AHEAD_OF_LOG', `knownAt ${formatPosition(knownAt)} is beyond the log's head ${formatPosition(this.head)}`, {
        field: 'knownAt',
      });
    if (!knownAt || comparePositions(knownAt, this.head) === 0) return { facts: this.live.facts, computedAt: this.head };
    return { facts: await this.cut(knownAt), computedAt: knownAt };
  }

  /** Tells a listener of every batch of events folded into the live facts (the readiness read model). */
  onApplied(listener: (events: readonly PositionedFact[]) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** The live facts as folded so far (synchronous; for listeners reacting to a batch just applied). */
  get liveFacts(): VerdictFacts {
    return this.live.facts;
  }

  /** Folds whatever the log gained; resolves when the live facts are at the log's head. */
  sync(): Promise<void> {
    return this.catchUp();
  }

  /** How many snapshots are held (for tests and metrics). */
  get snapshotCount(): number {
    return this.snapshots.length;
  }

  /** The facts at a position behind the head: the nearest snapshot, plus the events after it up to the position. */
  private async cut(knownAt: LogPosition): Promise<VerdictFacts> {
    const key = formatPosition(knownAt);
    const cached = this.cuts.get(key);
    if (cached) {
      this.cuts.delete(key);
      this.cuts.set(key, cached);
      return cached;
    }
    const base = [...this.snapshots].reverse().find((snap) => comparePositions(snap.position, knownAt) <= 0);
    const builder = base ? base.builder.fork() : new VerdictFactsBuilder();
    for (let i = base?.index ?? 0; i < this.events.length && comparePositions(this.events[i].position, knownAt) <= 0; i++) builder.apply(this.events[i]);
    this.cuts.set(key, builder.facts);
    if (this.cuts.size > this.options.cachedCuts) this.cuts.delete(this.cuts.keys().next().value!);
    return builder.facts;
  }

  /** Reads what the log gained since last time; concurrent callers share one read. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const page = await this.store.readAll({ after: this.head, limit: PAGE });
          if (page.length === 0) return;
          const batch = page.flatMap((e) => toFact(e) ?? []);
          for (const event of batch) {
            this.events.push(event);
            this.live.apply(event);
            if (++this.sinceSnapshot >= this.interval) this.snapshot(event.position);
          }
          for (const listener of this.appliedListeners) listener(batch);
          this.head = page[page.length - 1].position;
        }
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }

  private snapshot(position: LogPosition): void {
    this.snapshots.push({ index: this.events.length, position, builder: this.live.fork() });
    this.sinceSnapshot = 0;
    if (this.snapshots.length > this.options.keep) {
      // Keep every other snapshot (the later of each pair): they stay evenly spread over the log.
      const kept = this.snapshots.filter((_, i) => i % 2 === 1);
      this.snapshots.splice(0, this.snapshots.length, ...kept);
      this.interval *= 2;
    }
  }
}
