import { EventMetadata } from '@registry/kernel';
import { LogPosition } from './log-position';

/** DI token for the one event-store port; adapters are chosen by configuration. */
export const EVENT_STORE = Symbol('EVENT_STORE');

export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
  /** Caller-chosen id (uuid). Appending an event id that is already stored, as the same batch, is a no-op. */
  readonly eventId?: string;
  /** Version of this event type's data shape, for upcasting later. Default 1. */
  readonly schemaVersion?: number;
}

export interface RecordedEvent<T extends string = string, D = unknown> {
  readonly eventId: string;
  readonly streamId: string;
  /** 1 for the first event of a stream. */
  readonly streamVersion: number;
  readonly position: LogPosition;
  readonly type: T;
  readonly data: D;
  readonly metadata: EventMetadata;
  readonly schemaVersion: number;
  /** Database clock at commit time; the command's own clock is `metadata.issuedAt`. */
  readonly recordedAt: Date;
}

/**
 * `0` = the stream must not exist yet, `n` = the stream must have exactly n events, `'any'` = no check.
 */
export type ExpectedVersion = number | 'any';

export interface AppendOptions {
  readonly expectedVersion: ExpectedVersion;
  /** Stored on every event; `metadata.idempotencyKey` makes the append idempotent. */
  readonly metadata: EventMetadata;
  /**
   * What the idempotency key stands for. Defaults to a hash of the stream and events; a command shell passes
   * a hash of the *command*, so a retried command is recognised before it is decided again.
   */
  readonly fingerprint?: string;
  /**
   * Other streams the decision read (a certifier's accreditation, a model version's digest): the append
   * happens only if each is still at the version read, checked and locked in the same transaction, so a
   * rule that spans aggregates cannot be broken by a write that raced the look-up. A stream that moved
   * answers `EVENT_STORE.WRONG_EXPECTED_VERSION` naming it: reload and decide again.
   */
  readonly conditions?: readonly StreamCondition[];
  /**
   * The decision's own time (the command's `issuedAt`). When given, decisions are kept in time order per
   * stream: the append is refused with `EVENT_STORE.STALE_DECISION_TIME` if this stream, or a condition
   * stream, already carries a decision of a later time; otherwise it records this time on them. So a
   * suspension stamped before an issue that relied on the accreditation cannot land after it (the shell
   * decides again at the current time).
   */
  readonly decisionTime?: string;
}

export interface StreamCondition {
  readonly streamId: string;
  /** The version the decision read; 0 = the stream did not exist then (and must not now). */
  readonly expectedVersion: number;
}

export interface AppendResult {
  readonly streamId: string;
  /** The stream's version after the append (what to pass as expectedVersion next). */
  readonly streamVersion: number;
  /** Position of the last event appended: wait for projections to reach it to read your own write. */
  readonly position: LogPosition;
  readonly events: readonly RecordedEvent[];
  /** True when this call matched an earlier append (same idempotency key or event ids) and wrote nothing. */
  readonly deduplicated: boolean;
}

export interface StreamSlice {
  /** Current version of the stream (0 when it does not exist). */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** Only events at or before this log position ("what the registry knew then"). */
  readonly knownAt?: LogPosition;
}

export interface ReadAllOptions {
  /** Exclusive lower bound; LOG_START for the beginning. */
  readonly after: LogPosition;
  readonly limit: number;
}

export interface ReadPageOptions extends ReadAllOptions {
  /**
   * Only events of these types are handed out (every type when absent). `limit` still counts every event the page
   * passes over, of any type, so a filtered page ends where `readAll` with the same options would.
   */
  readonly types?: readonly string[];
  /**
   * The events without their metadata and recording time (`BareEvent`): for a consumer that folds only what happened
   * (the verdict facts). The metadata is about 40% of a stored event's JSON; not reading it cut a first fold of 377k
   * events by about 1.3 s.
   */
  readonly bare?: boolean;
}

/** An event of the log without its metadata and recording time (`ReadPageOptions.bare`). */
export type BareEvent = Omit<RecordedEvent, 'metadata' | 'recordedAt'>;

/** A page of the global log read for one consumer (`readPage`). */
export interface LogPage<E extends BareEvent = RecordedEvent> {
  /** The events of the wanted types among those the page passed over, in log order. */
  readonly events: E[];
  /**
   * The last position the page passed over, whatever its type (`after` when it passed over none): the consumer has
   * seen the log through here and reads after it next.
   */
  readonly through: LogPosition;
  /** How many events the page passed over (at most `limit`; `limit` means more may follow). */
  readonly scanned: number;
}

export interface EventStore {
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** The earlier append made under an idempotency key, if any, with the fingerprint it was made for. */
  findIdempotentAppend(key: string): Promise<{ fingerprint: string; result: AppendResult } | undefined>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamSlice>;
  /** Global log in log order, skipping nothing; only events of finished transactions are returned. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The same page of the log as `readAll`, with only the events of `types` handed out, and the position the page
   * reached whatever the types (`LogPage.through`): a consumer that needs a few types (a read model) moves past the
   * rest without reading them.
   */
  readPage(options: ReadPageOptions & { readonly bare?: false }): Promise<LogPage>;
  readPage(options: ReadPageOptions): Promise<LogPage<BareEvent>>;
  /** Position of the newest event a reader can see now (LOG_START on an empty log). */
  headPosition(): Promise<LogPosition>;
  /** Called after each local append commits; lets consumers wake without polling. Returns an unsubscribe. */
  onAppended(listener: (position: LogPosition) => void): () => void;
  close(): Promise<void>;
}
