import { createHash } from 'node:crypto';
import { ANY, NO_STREAM, START } from '@kurrent/kurrentdb-client';
import type { AppendStreamState, CurrentStreamState, Position, ReadPosition } from '@kurrent/kurrentdb-client';
import { EventMetadata, RegistryError } from '@registry/kernel';
import { v5 as uuidv5 } from 'uuid';
import { ExpectedVersion, RecordedEvent } from '../event-store.port';
import { notSupportedByEngine, storeUnavailable, wrongExpectedVersion } from '../event-store.errors';
import { LogPosition } from '../log-position';

/**
 * The pure half of the KurrentDB adapter: how the port's notions map onto KurrentDB's, unit-tested without a
 * server (kurrentdb-mapping.spec.ts).
 *
 * Positions. KurrentDB orders `$all` by (commit, prepare) position in its transaction file, assigned by the
 * leader when a write commits, so `$all` has no gap problem: a reader never sees a later commit before an
 * earlier one. A `LogPosition` carries it as `transactionId = commit`, `globalPosition = prepare`: the port
 * compares positions by (transactionId, globalPosition), which is exactly $all's order, and the text form
 * reads `"<commit>.<prepare>"`. LOG_START (0.0) stands for the start of $all.
 *
 * Versions. The port numbers a stream's events from 1 and calls an empty stream version 0; KurrentDB numbers
 * revisions from 0 and calls an empty stream NO_STREAM. So version = revision + 1.
 */

export const ENGINE_NAME = 'KurrentDB';

/** Streams the adapter keeps for its own bookkeeping; never handed out by readAll. */
export const BOOKKEEPING_PREFIX = 'registry~';

/** Server-side filter for readAll/subscribeToAll: no system streams (`$…`), no bookkeeping streams. */
export const USER_STREAMS_REGEX = '^(?!\\$|registry~)';

export const isUserStream = (streamName: string): boolean => new RegExp(USER_STREAMS_REGEX).test(streamName);

/** The latest decision time that wrote to or relied on `streamId` (AppendOptions.decisionTime). */
export const decidedStreamOf = (streamId: string): string => `${BOOKKEEPING_PREFIX}decided-${streamId}`;

/** One stream per idempotency key (hashed: keys are caller-chosen text of any length). */
export const idempotencyStreamOf = (key: string): string => `${BOOKKEEPING_PREFIX}idempotency-${createHash('sha256').update(key).digest('hex')}`;

/** Fixed namespace of the registry's derived event ids (a random v4 chosen once; never change it). */
export const EVENT_ID_NAMESPACE = '5b0e8f7c-3d0a-4c8e-9a51-6f2d7b4e1c90';

/**
 * Event ids of a keyed append are derived from the key (UUID v5, RFC 9562 §5.5), so a retry of the same
 * command carries the same ids and KurrentDB's own idempotent-write check recognises it too.
 */
export const eventIdFor = (idempotencyKey: string, index: number): string => uuidv5(`${idempotencyKey}#${index}`, EVENT_ID_NAMESPACE);

export const toLogPosition = (position: Position): LogPosition => ({ transactionId: position.commit, globalPosition: position.prepare });

export const toReadPosition = (position: LogPosition): ReadPosition =>
  position.transactionId === 0n && position.globalPosition === 0n ? START : { commit: position.transactionId, prepare: position.globalPosition };

export const streamStateOf = (expected: ExpectedVersion): AppendStreamState => (expected === 'any' ? ANY : expected === 0 ? NO_STREAM : BigInt(expected - 1));

/** The port's version of a KurrentDB stream state (deleted and tombstoned streams, -5 and -6, read as 0). */
export const versionOfState = (state: CurrentStreamState | AppendStreamState | undefined): number =>
  typeof state === 'bigint' ? (state < 0n ? 0 : Number(state) + 1) : 0;

export const expectedOfState = (state: AppendStreamState): ExpectedVersion => (state === ANY ? 'any' : versionOfState(state));

/** What the adapter stores as KurrentDB event metadata: the port's metadata plus what KurrentDB has no field for. */
export interface StoredMetadata {
  readonly registry: EventMetadata;
  readonly schemaVersion: number;
}

/** The fields of a KurrentDB recorded event the adapter reads. */
export interface KurrentRecorded {
  readonly id: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

export const toRecorded = (event: KurrentRecorded): RecordedEvent => {
  if (!event.position) throw new Error(`${ENGINE_NAME} returned event ${event.id} without a log position (server older than 22.6?)`);
  const stored = event.metadata as Partial<StoredMetadata> | undefined;
  return {
    eventId: event.id,
    streamId: event.streamId,
    streamVersion: Number(event.revision) + 1,
    position: toLogPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: stored?.registry as EventMetadata,
    schemaVersion: stored?.schemaVersion ?? 1,
    recordedAt: event.created,
  };
};

/** Why an append failed, as the adapter acts on it. */
export type AppendFailure =
  | { readonly kind: 'refused'; readonly error: RegistryError }
  /** Another append holds the idempotency key: answer what it wrote (or refuse a different request). */
  | { readonly kind: 'key-taken' }
  | { readonly kind: 'other'; readonly error: unknown };

interface ClientError {
  readonly type?: string;
  readonly streamName?: string;
  readonly expectedState?: AppendStreamState;
  readonly actualState?: CurrentStreamState;
  readonly violations?: readonly { streamName: string; expectedState: AppendStreamState; actualState: CurrentStreamState }[];
  readonly message?: string;
}

/**
 * Maps the client's errors (CommandError `type`s) onto the port's codes. A consistency violation on a
 * bookkeeping stream means another writer got there first: the idempotency key's stream → the key is taken;
 * a decision stream → the appended stream (or a condition) moved meanwhile, so the caller reloads.
 */
export const toAppendFailure = (error: unknown, streamId: string, expected: ExpectedVersion): AppendFailure => {
  const e = (error ?? {}) as ClientError;
  switch (e.type) {
    case 'wrong-expected-version':
      return {
        kind: 'refused',
        error: wrongExpectedVersion(
          e.streamName ?? streamId,
          e.expectedState === undefined ? expected : expectedOfState(e.expectedState),
          versionOfState(e.actualState),
        ),
      };
    case 'append-consistency-violation': {
      const violation = e.violations?.[0];
      if (!violation) return { kind: 'refused', error: wrongExpectedVersion(streamId, expected, -1) };
      if (violation.streamName.startsWith(`${BOOKKEEPING_PREFIX}idempotency-`)) return { kind: 'key-taken' };
      if (violation.streamName.startsWith(BOOKKEEPING_PREFIX)) return { kind: 'refused', error: wrongExpectedVersion(streamId, expected, -1) };
      return {
        kind: 'refused',
        error: wrongExpectedVersion(violation.streamName, expectedOfState(violation.expectedState), versionOfState(violation.actualState)),
      };
    }
    case 'unsupported':
      return {
        kind: 'refused',
        error: notSupportedByEngine(
          ENGINE_NAME,
          'append to several streams atomically',
          'this server does not offer appendRecords (atomic multi-stream append with consistency checks); appends with conditions, a decision time or an idempotency key need it',
        ),
      };
    case 'unavailable':
    case 'deadline-exceeded':
    case 'timeout':
    case 'not-leader':
      return { kind: 'refused', error: storeUnavailable(`${ENGINE_NAME}: ${e.message ?? e.type}`) };
    default:
      return { kind: 'other', error };
  }
};
