import { Inject, Injectable } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore, formatPosition, LOG_START, LogPosition } from '@registry/event-store';
import { badInput } from '@registry/kernel';
import { buildVerdictFacts, FactEvent, judgeExportReadiness, Verdict, VerdictFacts, VerdictFactsBuilder, VerdictQuery } from '@registry/domain';

/** A fact event with its place in the log. */
export type PositionedFact = FactEvent & { readonly position: LogPosition };

export interface ComputedVerdict {
  readonly verdict: Verdict;
  /** The log position the facts were read at: pass it back as knownAt to get this exact answer again. */
  readonly computedAt: LogPosition;
}

/**
 * Answers export-readiness questions from the log itself. The latest facts are folded incrementally (each
 * question first applies what the log gained since the last one); a `knownAt` question folds the log cut at
 * that position: what the registry knew then, exactly, because a log position is a stable prefix of history.
 *
 * Known limit: the log's events stay in memory for `knownAt` cuts, and a cut refolds from the start
 * (O(events up to knownAt)); checkpointed snapshots of the facts would bound that.
 */
@Injectable()
export class VerdictService {
  private readonly events: (FactEvent & { position: LogPosition })[] = [];
  private head: LogPosition = LOG_START;
  private readonly live = new VerdictFactsBuilder();
  private catchingUp: Promise<void> | undefined;
  private readonly appliedListeners = new Set<(events: readonly PositionedFact[]) => void>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async judge(query: VerdictQuery, knownAt?: LogPosition): Promise<ComputedVerdict> {
    // A position the log has not reached yet would answer differently once it has: facts() refuses it.
    const { facts, computedAt } = await this.facts(knownAt);
    return { verdict: judgeExportReadiness(facts, query), computedAt };
  }

  /** The folded facts as known at `knownAt` (default: now), e.g. for the recognitions query. */
  async facts(knownAt?: LogPosition): Promise<{ facts: VerdictFacts; computedAt: LogPosition }> {
    await this.catchUp();
    if (knownAt && comparePositions(knownAt, this.head) > 0)
      throw badInput('VERDICT.KNOWN_AT_AHEAD_OF_LOG', `knownAt ${formatPosition(knownAt)} is beyond the log's head ${formatPosition(this.head)}`, { field: 'knownAt' });
    if (!knownAt || comparePositions(knownAt, this.head) === 0) return { facts: this.live.facts, computedAt: this.head };
    return { facts: buildVerdictFacts(this.events.filter((e) => comparePositions(e.position, knownAt) <= 0)), computedAt: knownAt };
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

  /** Reads what the log gained since last time; concurrent callers share one read. */
  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const page = await this.store.readAll({ after: this.head, limit: 1000 });
          if (page.length === 0) return;
          const batch = page.map((e) => ({ type: e.type, data: e.data, ref: { eventId: e.eventId, position: formatPosition(e.position), type: e.type }, position: e.position }));
          for (const event of batch) {
            this.events.push(event);
            this.live.apply(event);
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
}
