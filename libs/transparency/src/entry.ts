import canonicalize from 'canonicalize';
import { hashLeaf, Hash } from './merkle';

/**
 * What a leaf of the registry's transparency log commits to: one event of the global log.
 *
 * The entry bytes are the UTF-8 of the RFC 8785 (JCS) canonical JSON of exactly these members:
 *
 * | member          | value                                                                 |
 * |-----------------|-----------------------------------------------------------------------|
 * | `id`            | the event id, lowercase UUID text (`es_events.event_id::text`)        |
 * | `stream`        | the stream id (`es_events.stream_id`)                                 |
 * | `version`       | the event's version in its stream, 1-based JSON number                |
 * | `type`          | the event type                                                        |
 * | `schemaVersion` | the version of the type's data shape, JSON number                     |
 * | `data`          | the event's data as stored (`es_events.data`, JSON)                   |
 * | `metadata`      | the event's metadata as stored (actor, issuedAt, correlation ids, …)  |
 * | `position`      | the log position, the string `"<transactionId>.<globalPosition>"`     |
 *
 * `recorded_at` is left out on purpose: it is the database's clock with microseconds, which JSON exports
 * and JavaScript dates do not carry exactly; the decision's own time is `metadata.issuedAt`, which is in.
 * `schemaVersion` is in (beyond the list) because it says how `data` is to be read.
 */
export interface LogEntry {
  readonly id: string;
  readonly stream: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position: string;
}

/** The fields of a stored event the entry is made of (a `RecordedEvent` fits). */
export interface EventLike {
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position: { readonly transactionId: bigint; readonly globalPosition: bigint };
}

export const logEntryOf = (event: EventLike): LogEntry => ({
  id: event.eventId,
  stream: event.streamId,
  version: event.streamVersion,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
  position: `${event.position.transactionId}.${event.position.globalPosition}`,
});

/** RFC 8785 canonical JSON of the entry, as UTF-8 bytes. */
export const entryBytes = (entry: LogEntry): Uint8Array => {
  const json = canonicalize(entry);
  if (json === undefined) throw new TypeError('log entry has no JSON form');
  return new TextEncoder().encode(json);
};

/** The RFC 9162 leaf hash of an event: SHA-256(0x00 || JCS(entry)). */
export const leafHashOf = (event: EventLike): Hash => hashLeaf(entryBytes(logEntryOf(event)));
