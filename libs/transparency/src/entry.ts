import canonicalize from 'canonicalize';
import { createHash, createHmac } from 'node:crypto';
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
export const entryBytes = (entry: LogEntry | LogEntryV2): Uint8Array => {
  const json = canonicalize(entry);
  if (json === undefined) throw new TypeError('log entry has no JSON form');
  return new TextEncoder().encode(json);
};

/** The RFC 9162 leaf hash of an event: SHA-256(0x00 || JCS(entry)). */
export const leafHashOf = (event: EventLike): Hash => hashLeaf(entryBytes(logEntryOf(event)));

/**
 * Entry format 2: the entry an anonymous reader may see. Every value the registry does not show anonymous
 * callers (restricted event fields, the actor's subject, correlation and causation ids) is replaced by a salted
 * commitment `"sha256:" + hex(SHA-256(salt || JCS(value)))`, with `salt = HMAC-SHA256(key, eventId || 0x00 ||
 * path)` and `path` the value's RFC 6901 JSON pointer in the entry (e.g. `/data/facility`). The member
 * `"format": 2` says so. Whoever is given a value and its salt (a disclosure) can check it against the entry;
 * without the salt, a commitment says nothing about low-entropy values (a facility name, a digest).
 */
export const ENTRY_FORMAT = 2;

export interface LogEntryV2 extends LogEntry {
  readonly format: typeof ENTRY_FORMAT;
}

/** What an entry v2 hides: restricted data fields by event type, and metadata paths (segments) for every event. */
export interface EntryHidingPolicy {
  readonly dataFields: Readonly<Record<string, readonly string[]>>;
  readonly metadataPaths: readonly (readonly string[])[];
}

/** One hidden value and its salt: what an entitled reader is given to check a commitment. */
export interface Disclosure {
  /** RFC 6901 JSON pointer of the commitment in the entry. */
  readonly path: string;
  /** The salt, lowercase hex. */
  readonly salt: string;
  readonly value: unknown;
}

const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const pointerOf = (segments: readonly string[]) => segments.map((s) => `/${pointerSegment(s)}`).join('');

export const commitmentSalt = (key: Uint8Array, eventId: string, path: string): Uint8Array =>
  new Uint8Array(
    createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from(eventId, 'utf8'), Buffer.from([0]), Buffer.from(path, 'utf8')]))
      .digest(),
  );

/** `"sha256:" + hex(SHA-256(salt || JCS(value)))`. */
export const commitTo = (salt: Uint8Array, value: unknown): string => {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('a committed value has no JSON form');
  return `sha256:${createHash('sha256').update(salt).update(json, 'utf8').digest('hex')}`;
};

/** Checks a disclosure against the commitment in an entry (JSON text or object). */
export const checkDisclosure = (entry: unknown, disclosure: Disclosure): boolean => {
  const parsed: unknown = typeof entry === 'string' ? JSON.parse(entry) : entry;
  let at: unknown = parsed;
  for (const raw of disclosure.path.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.prototype.hasOwnProperty.call(at, segment)) return false;
    at = (at as Record<string, unknown>)[segment];
  }
  if (typeof at !== 'string' || !/^[0-9a-f]{64}$/.test(disclosure.salt)) return false;
  return at === commitTo(Buffer.from(disclosure.salt, 'hex'), disclosure.value);
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Replaces the value at `segments` below `root` (a fresh copy along the path) by its commitment; absent values stay absent. */
const hideAt = (
  root: Record<string, unknown>,
  segments: readonly string[],
  commit: (path: string, value: unknown) => string,
  prefix: readonly string[],
): Record<string, unknown> => {
  const [head, ...rest] = segments;
  if (!Object.prototype.hasOwnProperty.call(root, head)) return root;
  const value = root[head];
  if (rest.length === 0) return { ...root, [head]: commit(pointerOf([...prefix, head]), value) };
  if (!isRecord(value)) return root;
  return { ...root, [head]: hideAt(value, rest, commit, [...prefix, head]) };
};

/**
 * The entry v2 of an event, and the disclosures of what it hides (for entitled readers only: never serve them
 * to a caller who may not see the values).
 */
export const committedEntryOf = (event: EventLike, key: Uint8Array, policy: EntryHidingPolicy): { entry: LogEntryV2; disclosures: Disclosure[] } => {
  const disclosures: Disclosure[] = [];
  const commit = (path: string, value: unknown) => {
    const salt = commitmentSalt(key, event.eventId, path);
    disclosures.push({ path, salt: Buffer.from(salt).toString('hex'), value });
    return commitTo(salt, value);
  };
  const raw = logEntryOf(event);
  let data = raw.data;
  if (isRecord(data)) for (const field of policy.dataFields[event.type] ?? []) data = hideAt(data as Record<string, unknown>, [field], commit, ['data']);
  let metadata = raw.metadata;
  if (isRecord(metadata)) for (const path of policy.metadataPaths) metadata = hideAt(metadata as Record<string, unknown>, path, commit, ['metadata']);
  return { entry: { format: ENTRY_FORMAT, ...raw, data, metadata }, disclosures };
};

/** RFC 8785 canonical JSON of an entry v2, as UTF-8 bytes. */
export const committedEntryBytes = (event: EventLike, key: Uint8Array, policy: EntryHidingPolicy): Uint8Array =>
  entryBytes(committedEntryOf(event, key, policy).entry);

/** The leaf hash of an event in the v2 log: SHA-256(0x00 || JCS(entry v2)). */
export const committedLeafHashOf = (event: EventLike, key: Uint8Array, policy: EntryHidingPolicy): Hash => hashLeaf(committedEntryBytes(event, key, policy));
