import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, FORWARDS, jsonEvent, KurrentDBClient, NO_STREAM, START, STREAM_STATE, streamNameFilter } from '@kurrent/kurrentdb-client';
import type { AllStreamSubscription, AppendRecordInput, AppendStreamState, ConsistencyCheck, EventData, JSONType } from '@kurrent/kurrentdb-client';
import {
  AppendOptions,
  AppendResult,
  BareEvent,
  EventStore,
  LogPage,
  NewEvent,
  ReadAllOptions,
  ReadPageOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamSlice,
} from '../event-store.port';
import { eventIdReused, idempotencyKeyReused, staleDecisionTime, wrongExpectedVersion } from '../event-store.errors';
import { comparePositions, LOG_START, LogPosition } from '../log-position';
import { fingerprintOf } from '../sql/sql-event-store';
import {
  AppendFailure,
  decidedStreamOf,
  eventIdFor,
  idempotencyStreamOf,
  KurrentRecorded,
  StoredMetadata,
  streamStateOf,
  toAppendFailure,
  toReadPosition,
  toRecorded,
  USER_STREAMS_REGEX,
} from './kurrentdb-mapping';

/** What the idempotency stream of a key records (its only event). */
interface KeyClaim {
  readonly streamId: string;
  readonly fingerprint: string;
  readonly eventIds: readonly string[];
}

interface Decided {
  readonly streamId: string;
  readonly time?: string;
  /** Expected state of the decision stream for the consistency check. */
  readonly state: AppendStreamState;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isStreamNotFound = (error: unknown) => (error as { type?: string })?.type === 'stream-not-found';

/**
 * The event-store port on KurrentDB (`@kurrent/kurrentdb-client`). NOT run against a server on the machines this
 * was written on (no KurrentDB, no Docker): its pure mapping is unit-tested, and the contract suite runs against it
 * only where `KURRENTDB_URL` names a server (kurrentdb-event-store.int-spec.ts).
 *
 * What maps directly: one stream's expected version (KurrentDB's expected revision), the global log ($all,
 * read forwards from a (commit, prepare) position; gap-free because positions are assigned at commit), reading a
 * stream as known at a position (events carry their $all position).
 *
 * What KurrentDB cannot express on one stream, and how the adapter does it instead:
 * - `conditions` (other streams still at the version read): one `appendRecords` call (atomic multi-stream append
 *   with consistency checks, client 1.3): the events, plus a stream-state check per condition stream. A server
 *   without appendRecords answers UNSUPPORTED and the adapter REFUSES the append (EVENT_STORE.NOT_SUPPORTED_BY_ENGINE):
 *   it never appends without the check.
 * - `decisionTime` (no decision lands on a stream or a stream relied on after a later one): KurrentDB keeps no
 *   per-stream "latest decision" value. The adapter keeps one in a bookkeeping stream per stream
 *   (`registry~decided-<stream>`), reads it before the append, refuses a stale time, and writes the new time in
 *   the same appendRecords call with a check that the bookkeeping stream did not move in between; a race is
 *   answered WRONG_EXPECTED_VERSION (reload, decide again), as the SQL adapter answers a serialisation failure.
 * - idempotency keys: event ids are derived from the key (UUID v5) and the key is claimed in the same
 *   appendRecords call by creating `registry~idempotency-<sha256(key)>` (check: NO_STREAM) with the request's
 *   fingerprint; a retry finds the claim and answers the original append, a different request under the key is
 *   refused (IDEMPOTENCY_KEY_REUSED).
 * - event ids unique across streams: KurrentDB only recognises a re-sent id on the same stream at the same expected
 *   revision (its idempotent write). A replay of stored ids on the same stream is answered as in SQL; an id reused
 *   on ANOTHER stream is NOT detected (the contract test for that fails on KurrentDB by design).
 * - the event count: $all has no cheap count. `eventCount` is the count the read-model database keeps, fed by
 *   the projection runner (EventCountProjection): it lags the log by the projections' lag.
 * - holding a writer open (the gap test): KurrentDB has no client transaction; the test does not apply.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly listeners = new Set<(position: LogPosition) => void>();
  private subscription: AllStreamSubscription | undefined;

  /**
   * `namespace` (optional) prefixes every stream name with `<namespace>.` and limits readAll, the head and
   * the subscription to those streams: several registries, or test runs, on one server.
   */
  constructor(
    private readonly client: KurrentDBClient,
    private readonly namespace?: string,
  ) {}

  static connect(connectionString: string, namespace?: string): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), namespace);
  }

  /** The KurrentDB stream name of a port stream id. */
  private name(streamId: string): string {
    return this.namespace ? `${this.namespace}.${streamId}` : streamId;
  }

  private streams() {
    return streamNameFilter({ regex: this.namespace ? `^${escapeRegex(this.namespace)}\\.` : USER_STREAMS_REGEX });
  }

  /** A KurrentDB event as the port's, its stream id without the namespace. */
  private recorded(event: unknown): RecordedEvent {
    const r = toRecorded(event as KurrentRecorded);
    return this.namespace ? { ...r, streamId: r.streamId.slice(this.namespace.length + 1) } : r;
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const fingerprint = options.fingerprint ?? fingerprintOf(streamId, events);
    const key = options.metadata.idempotencyKey;
    if (key) {
      const previous = await this.findIdempotentAppend(key);
      if (previous) return this.sameRequest(key, fingerprint, previous);
    }
    // Caller-chosen ids already on the stream with the same content: a replay (KurrentDB would accept the re-write
    // idempotently and not say so).
    if (events.every((e) => e.eventId)) {
      const replay = await this.sameEventsAlreadyStored(streamId, events);
      if (replay) return replay;
    }
    const ids = events.map((e, i) => e.eventId ?? (key ? eventIdFor(key, i) : randomUUID()));
    const stored: StoredMetadata = { registry: options.metadata, schemaVersion: 1 };
    const data: EventData[] = events.map((e, i) =>
      jsonEvent({ id: ids[i], type: e.type, data: (e.data ?? {}) as JSONType, metadata: { ...stored, schemaVersion: e.schemaVersion ?? 1 } }),
    );
    const conditions = (options.conditions ?? []).filter((c) => c.streamId !== streamId);
    const decided = options.decisionTime ? await this.checkDecisionTimes([streamId, ...conditions.map((c) => c.streamId)], options.decisionTime) : [];
    let nextRevision: bigint;
    try {
      if (!key && !conditions.length && !decided.length) {
        nextRevision = (await this.client.appendToStream(this.name(streamId), data, { streamState: streamStateOf(options.expectedVersion) }))
          .nextExpectedRevision;
      } else {
        const records: AppendRecordInput[] = data.map((record) => ({ streamName: this.name(streamId), record }));
        const checks: ConsistencyCheck[] = [];
        if (options.expectedVersion !== 'any')
          checks.push({ type: STREAM_STATE, streamName: this.name(streamId), expectedState: streamStateOf(options.expectedVersion) });
        for (const c of conditions) checks.push({ type: STREAM_STATE, streamName: this.name(c.streamId), expectedState: streamStateOf(c.expectedVersion) });
        for (const d of decided) {
          checks.push({ type: STREAM_STATE, streamName: decidedStreamOf(this.name(d.streamId)), expectedState: d.state });
          records.push({
            streamName: decidedStreamOf(this.name(d.streamId)),
            record: jsonEvent({ type: 'DecisionRecorded', data: { decisionTime: options.decisionTime! } }),
          });
        }
        if (key) {
          const claim: KeyClaim = { streamId, fingerprint, eventIds: ids };
          checks.push({ type: STREAM_STATE, streamName: this.keyStream(key), expectedState: NO_STREAM });
          records.push({ streamName: this.keyStream(key), record: jsonEvent({ type: 'IdempotencyKeyClaimed', data: claim as unknown as JSONType }) });
        }
        const result = await this.client.appendRecords(records, checks);
        const mine = result.responses.find((r) => r.streamName === this.name(streamId));
        if (!mine) throw new Error(`${streamId} missing from the appendRecords answer`);
        nextRevision = mine.revision;
      }
    } catch (error) {
      const failure = this.withoutNamespace(toAppendFailure(error, this.name(streamId), options.expectedVersion));
      if (failure.kind === 'key-taken') {
        const previous = await this.findIdempotentAppend(key!);
        if (previous) return this.sameRequest(key!, fingerprint, previous);
        throw idempotencyKeyReused(key!);
      }
      if (failure.kind === 'refused' && failure.error.code === 'EVENT_STORE.WRONG_EXPECTED_VERSION' && events.every((e) => e.eventId)) {
        const replay = await this.sameEventsAlreadyStored(streamId, events).catch(() => undefined);
        if (replay) return replay;
      }
      throw failure.error;
    }
    const firstRevision = nextRevision - BigInt(events.length - 1);
    const recorded = await this.readRevisions(streamId, firstRevision, events.length);
    const last = recorded[recorded.length - 1];
    const result: AppendResult = { streamId, streamVersion: last.streamVersion, position: last.position, events: recorded, deduplicated: false };
    this.notify(result.position);
    return result;
  }

  private keyStream(key: string): string {
    return idempotencyStreamOf(this.namespace ? `${this.namespace}.${key}` : key);
  }

  /** Error details name port stream ids, not namespaced ones. */
  private withoutNamespace(failure: AppendFailure): AppendFailure {
    const details = failure.kind === 'refused' ? (failure.error.details as { streamId?: unknown } | undefined) : undefined;
    if (!this.namespace || !details || typeof details.streamId !== 'string' || !details.streamId.startsWith(`${this.namespace}.`)) return failure;
    const streamId = details.streamId.slice(this.namespace.length + 1);
    const error = failure.kind === 'refused' ? failure.error : undefined;
    if (!error) return failure;
    const d = details as { expected: number | 'any'; actual: number };
    return { kind: 'refused', error: wrongExpectedVersion(streamId, d.expected, d.actual) };
  }

  private sameRequest(key: string, fingerprint: string, previous: { fingerprint: string; result: AppendResult }): AppendResult {
    if (previous.fingerprint !== fingerprint) throw idempotencyKeyReused(key);
    return previous.result;
  }

  /** Reads each stream's latest decision time; refuses the append if one is later than `time`. */
  private async checkDecisionTimes(streamIds: readonly string[], time: string): Promise<Decided[]> {
    const decided: Decided[] = [];
    for (const streamId of streamIds) {
      const last = await this.lastEvent(decidedStreamOf(this.name(streamId)));
      const latest = (last?.data as { decisionTime?: string } | undefined)?.decisionTime;
      if (latest && Date.parse(latest) > Date.parse(time)) throw staleDecisionTime(streamId, time, new Date(latest).toISOString());
      decided.push({ streamId, time: latest, state: last ? last.revision : NO_STREAM });
    }
    return decided;
  }

  private async lastEvent(streamName: string): Promise<KurrentRecorded | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) return resolved.event;
    } catch (error) {
      if (isStreamNotFound(error)) return undefined;
      throw error;
    }
    return undefined;
  }

  private async readRevisions(streamId: string, from: bigint, count: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readStream(this.name(streamId), { direction: FORWARDS, fromRevision: from, maxCount: count }))
      if (resolved.event) events.push(this.recorded(resolved.event));
    return events;
  }

  async findIdempotentAppend(key: string): Promise<{ fingerprint: string; result: AppendResult } | undefined> {
    const claim = (await this.lastEvent(this.keyStream(key)))?.data as KeyClaim | undefined;
    if (!claim) return undefined;
    const wanted = new Set(claim.eventIds);
    const events = (await this.readStream(claim.streamId)).events.filter((e) => wanted.has(e.eventId));
    if (events.length !== claim.eventIds.length) return undefined;
    const last = events[events.length - 1];
    return {
      fingerprint: claim.fingerprint,
      result: { streamId: claim.streamId, streamVersion: last.streamVersion, position: last.position, events, deduplicated: true },
    };
  }

  /** Every event id of the batch is stored on this stream with the same content: a replay. */
  private async sameEventsAlreadyStored(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    const byId = new Map((await this.readStream(streamId)).events.map((e) => [e.eventId, e]));
    const stored: RecordedEvent[] = [];
    for (const e of events) {
      const match = e.eventId ? byId.get(e.eventId) : undefined;
      if (!match) return undefined;
      if (match.type !== e.type || JSON.stringify(match.data) !== JSON.stringify(e.data ?? {})) throw eventIdReused(e.eventId!);
      stored.push(match);
    }
    const last = stored[stored.length - 1];
    return { streamId, streamVersion: last.streamVersion, position: last.position, events: stored, deduplicated: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(this.name(streamId), { direction: FORWARDS, fromRevision: START })) {
        if (!resolved.event) continue;
        const event = this.recorded(resolved.event);
        if (options.knownAt && comparePositions(event.position, options.knownAt) > 0) break;
        events.push(event);
      }
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    return { version: events.length ? events[events.length - 1].streamVersion : 0, events };
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    // The read starts AT `after` (inclusive) and skips it; the filter drops system and bookkeeping streams server-side.
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: toReadPosition(after),
      maxCount: limit + 1,
      filter: this.streams(),
    })) {
      if (!resolved.event) continue;
      const event = this.recorded(resolved.event);
      if (comparePositions(event.position, after) <= 0) continue;
      events.push(event);
      if (events.length === limit) break;
    }
    return events;
  }

  /**
   * `readAll`'s page, filtered here by type: a read of $all takes one server-side filter, and this one already names
   * the streams (no system or bookkeeping streams), so the events of other types are read and dropped by the client.
   * A bare page holds the same events with their metadata and recording time left out.
   */
  readPage(options: ReadPageOptions & { readonly bare?: false }): Promise<LogPage>;
  readPage(options: ReadPageOptions): Promise<LogPage<BareEvent>>;
  async readPage(options: ReadPageOptions): Promise<LogPage<BareEvent>> {
    const page = await this.readAll(options);
    const through = page.length ? page[page.length - 1].position : options.after;
    const wanted = options.types === undefined ? undefined : new Set(options.types);
    const events = wanted ? page.filter((e) => wanted.has(e.type)) : page;
    return { events: options.bare ? events.map(({ metadata: _, recordedAt: __, ...bare }: RecordedEvent) => bare) : events, through, scanned: page.length };
  }

  async headPosition(): Promise<LogPosition> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: this.streams() }))
      if (resolved.event) return this.recorded(resolved.event).position;
    return LOG_START;
  }

  /**
   * Local appends notify at once; appends by other processes arrive through one live catch-up subscription to
   * $all (from its end, filtered like readAll), started with the first listener. It only wakes readers: they read
   * through `readAll` from their own checkpoint, so a dropped subscription loses no event (they still poll).
   */
  onAppended(listener: (position: LogPosition) => void): () => void {
    this.listeners.add(listener);
    this.subscription ??= this.follow();
    return () => this.listeners.delete(listener);
  }

  private follow(): AllStreamSubscription {
    const subscription = this.client.subscribeToAll({ fromPosition: END, filter: this.streams() });
    subscription.on('data', (resolved) => {
      if (resolved.event) this.notify(this.recorded(resolved.event).position);
    });
    subscription.on('error', (error) => process.stderr.write(`kurrentdb: subscription to $all ended (${error.message}); readers fall back to polling\n`));
    return subscription;
  }

  private notify(position: LogPosition): void {
    for (const listener of this.listeners) listener(position);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscription?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }
}
