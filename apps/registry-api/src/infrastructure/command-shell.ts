import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppendResult, EVENT_STORE, EventStore, idempotencyKeyReused, isConnectionError, StreamCondition } from '@registry/event-store';
import { CommandMetadata, Decider, DomainEvent, fold, isRegistryError } from '@registry/kernel';
import { ProjectionRunner } from '@registry/projections';
import { AggregateReader, StreamReader } from './aggregate-reader';

/** Re-decisions after a concurrent write before the conflict reaches the caller. */
const MAX_DECISIONS = 16;
/** Re-sends of one append whose connection was lost (same event ids, so a committed one is recognised). */
const MAX_RESENDS = 3;

/** What a decision may use: its time, and a reader whose reads become the append's conditions. */
export interface DecisionInput {
  readonly issuedAt: string;
  readonly read: StreamReader;
}

/**
 * A command whose decision needs facts from other streams (a certifier's accreditation, a model version's
 * digest, a model's owner). `build` is called for each decision with the decision's time and a reader; the
 * streams it reads must still be at the versions it saw when the events are appended, or it is built and
 * decided again. `request` is what the caller asked for (the idempotency fingerprint): it must not include
 * the looked-up facts, which may differ between two sendings of the same request.
 */
export interface CommandBuilder<C> {
  readonly request: { readonly type: string; readonly data: unknown };
  build(input: DecisionInput): C | Promise<C>;
}

type Command = { type: string; data: unknown; issuedAt?: string };

const isBuilder = <C>(command: C | CommandBuilder<C>): command is CommandBuilder<C> => typeof (command as CommandBuilder<C>).build === 'function';

/**
 * The one imperative shell around the pure deciders: load the stream, fold it, decide, append with the
 * version read (and the versions of the other streams the decision read); on a concurrent write, reload and
 * decide again after a jittered pause; then wait until the read models have applied the new events, so the
 * mutation can answer with its own write.
 *
 * Idempotency keys belong to the caller (`subject`): another caller's request under the same key is a
 * different request. A request that loses a race to its own duplicate answers with the duplicate's result.
 */
@Injectable()
export class CommandShell {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly aggregates: AggregateReader,
  ) {}

  async execute<C extends Command, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C | CommandBuilder<C>,
    requestMetadata: CommandMetadata,
  ): Promise<AppendResult> {
    const builder: CommandBuilder<C> = isBuilder(command)
      ? command
      : { request: { type: command.type, data: command.data }, build: ({ issuedAt }) => ({ ...command, ...('issuedAt' in command ? { issuedAt } : {}) }) };
    const key = requestMetadata.idempotencyKey ? callerScopedKey(requestMetadata.actor.subject, requestMetadata.idempotencyKey) : undefined;
    let metadata: CommandMetadata = { ...requestMetadata, ...(key ? { idempotencyKey: key } : {}) };
    const fingerprint = commandFingerprint(streamId, builder.request, metadata);
    const earlier = key ? await this.earlierAnswer(key, fingerprint) : undefined;
    if (earlier) return earlier;
    for (let decision = 1; ; decision++) {
      try {
        const read = new TrackingReader(this.aggregates);
        const built = await builder.build({ issuedAt: metadata.issuedAt, read });
        const { version, events } = await this.store.readStream(streamId);
        const state = fold(
          decider,
          events.map((e) => ({ type: e.type, data: e.data }) as E),
        );
        const decided = decider.decide(built, state);
        const result = await this.appendResending(streamId, decided, {
          expectedVersion: version,
          metadata,
          fingerprint,
          conditions: read.conditions(streamId),
          decisionTime: metadata.issuedAt,
        });
        await this.projections.waitFor(result.position);
        return result;
      } catch (error) {
        // A duplicate of this very request may have been written meanwhile (then this decision was refused,
        // or raced it): every sending of one request gets the first answer.
        const duplicate = key && isRegistryError(error) ? await this.earlierAnswer(key, fingerprint) : undefined;
        if (duplicate) return duplicate;
        const code = isRegistryError(error) ? error.code : undefined;
        if (code !== 'EVENT_STORE.WRONG_EXPECTED_VERSION' && code !== 'EVENT_STORE.STALE_DECISION_TIME') throw error;
        if (decision >= MAX_DECISIONS) throw error;
        if (code === 'EVENT_STORE.STALE_DECISION_TIME') {
          // Another decision relied on or changed these streams at a later time: decide again at the present.
          const latest = Date.parse(String((error as { details?: { latest?: string } }).details?.latest ?? ''));
          metadata = { ...metadata, issuedAt: new Date(Math.max(Date.now(), Number.isNaN(latest) ? 0 : latest)).toISOString() };
        }
        await pause(backoff(decision));
      }
    }
  }

  /**
   * Appends the decided events under ids chosen here, so that after a lost connection the same append can be
   * sent again: if the first one committed, the store recognises its event ids (or its idempotency key) and
   * answers with it; if not, it is written now. Nothing is written twice and nothing acknowledged is lost.
   */
  private async appendResending(
    streamId: string,
    decided: readonly DomainEvent[],
    options: { expectedVersion: number; metadata: CommandMetadata; fingerprint: string; conditions: StreamCondition[]; decisionTime: string },
  ): Promise<AppendResult> {
    const events = decided.map((e) => ({ type: e.type, data: e.data, eventId: randomUUID() }));
    for (let send = 1; ; send++) {
      try {
        return await this.store.appendToStream(streamId, events, options);
      } catch (error) {
        if (!isConnectionError(error) || send >= MAX_RESENDS) throw error;
        await pause(100 * send);
      }
    }
  }

  /** The answer already given to this request (same caller, same key), or a refusal if the key was used for another request. */
  private async earlierAnswer(key: string, fingerprint: string): Promise<AppendResult | undefined> {
    const previous = await this.store.findIdempotentAppend(key);
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprint) throw idempotencyKeyReused(key.slice(key.indexOf('/') + 1));
    await this.projections.waitFor(previous.result.position);
    return previous.result;
  }
}

/** Records the version of every stream a decision reads, to append only if none has moved since. */
class TrackingReader implements StreamReader {
  private readonly versions = new Map<string, number>();

  constructor(private readonly reader: StreamReader) {}

  async load<C, E extends DomainEvent, S>(streamId: string, decider: Decider<C, E, S>): Promise<{ state: S; version: number }> {
    const loaded = await this.reader.load(streamId, decider);
    const seen = this.versions.get(streamId);
    // Two reads of one stream within a decision that saw different versions: keep the older, so the append fails and re-decides.
    this.versions.set(streamId, seen === undefined ? loaded.version : Math.min(seen, loaded.version));
    return loaded;
  }

  conditions(ownStream: string): StreamCondition[] {
    return [...this.versions].filter(([streamId]) => streamId !== ownStream).map(([streamId, expectedVersion]) => ({ streamId, expectedVersion }));
  }
}

/** A key is the caller's own: `<subject>/<key>`, the subject percent-encoded so the two parts cannot blur. */
export const callerScopedKey = (subject: string, key: string) => `${encodeURIComponent(subject)}/${key}`;

/** What an idempotency key stands for: the request and who sent it, not when, nor the facts looked up for it. */
const commandFingerprint = (streamId: string, request: { type: string; data: unknown }, metadata: CommandMetadata) =>
  createHash('sha256')
    .update(JSON.stringify([streamId, request.type, request.data, metadata.actor.subject]))
    .digest('hex');

/** Full jitter over an exponential ceiling (5 ms doubling to 250 ms): contenders spread out instead of colliding again. */
const backoff = (decision: number) => Math.random() * Math.min(250, 5 * 2 ** decision);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
