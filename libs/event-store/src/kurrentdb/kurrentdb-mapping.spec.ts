import { ANY, AppendConsistencyViolationError, NO_STREAM, START, streamNameFilter, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { validate as isUuid, version as uuidVersion, v5 } from 'uuid';
import { comparePositions, formatPosition, LOG_START, parsePosition } from '../log-position';
import {
  decidedStreamOf,
  EVENT_ID_NAMESPACE,
  eventIdFor,
  expectedOfState,
  idempotencyStreamOf,
  isUserStream,
  streamStateOf,
  toAppendFailure,
  toLogPosition,
  toReadPosition,
  toRecorded,
  USER_STREAMS_REGEX,
  versionOfState,
} from './kurrentdb-mapping';

describe('KurrentDB mapping (no server)', () => {
  describe('positions', () => {
    it('carries (commit, prepare) as (transactionId, globalPosition), so the port orders positions as $all does', () => {
      const p = toLogPosition({ commit: 1_288n, prepare: 1_122n });
      expect(p).toEqual({ transactionId: 1_288n, globalPosition: 1_122n });
      expect(formatPosition(p)).toBe('1288.1122');
      expect(parsePosition('1288.1122')).toEqual(p);
      // $all order: by commit, then prepare (events of one transaction share the commit position).
      const sorted = [
        { commit: 900n, prepare: 850n },
        { commit: 900n, prepare: 870n },
        { commit: 1_000n, prepare: 990n },
        { commit: 2n ** 62n, prepare: 2n ** 62n },
      ].map(toLogPosition);
      for (let i = 1; i < sorted.length; i++) expect(comparePositions(sorted[i - 1], sorted[i])).toBe(-1);
      // Largest KurrentDB positions (int64) survive the text form the API hands out.
      const max = toLogPosition({ commit: 2n ** 63n - 1n, prepare: 2n ** 63n - 1n });
      expect(parsePosition(formatPosition(max))).toEqual(max);
    });

    it('reads from the start of $all for LOG_START and from the exact position otherwise', () => {
      expect(toReadPosition(LOG_START)).toBe(START);
      expect(toReadPosition({ transactionId: 7n, globalPosition: 5n })).toEqual({ commit: 7n, prepare: 5n });
    });
  });

  describe('versions', () => {
    it('maps the port expected version to a KurrentDB stream state and back (version = revision + 1)', () => {
      expect(streamStateOf(0)).toBe(NO_STREAM);
      expect(streamStateOf('any')).toBe(ANY);
      expect(streamStateOf(1)).toBe(0n);
      expect(streamStateOf(42)).toBe(41n);
      for (const v of [0, 1, 42, 'any'] as const) expect(expectedOfState(streamStateOf(v))).toBe(v);
      expect(versionOfState(NO_STREAM)).toBe(0);
      expect(versionOfState(-5n)).toBe(0); // deleted
      expect(versionOfState(9n)).toBe(10);
    });
  });

  describe('event ids derived from the idempotency key', () => {
    it('are RFC 9562 version-5 UUIDs of key#index in a fixed namespace, checked with the uuid package', () => {
      const id = eventIdFor('registrar-hk/register-acme', 0);
      expect(isUuid(id)).toBe(true);
      expect(uuidVersion(id)).toBe(5);
      expect(id).toBe(v5('registrar-hk/register-acme#0', EVENT_ID_NAMESPACE));
      // Same key and index: same id (a retry is recognised); otherwise different.
      expect(eventIdFor('registrar-hk/register-acme', 0)).toBe(id);
      expect(new Set([id, eventIdFor('registrar-hk/register-acme', 1), eventIdFor('registrar-hk/register-acmf', 0)]).size).toBe(3);
    });

    it('match the published v5 test vector of the DNS namespace (the algorithm, not our namespace)', () => {
      expect(v5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });
  });

  describe('streams', () => {
    it('keeps bookkeeping and system streams out of the log readers see', () => {
      expect(streamNameFilter({ regex: USER_STREAMS_REGEX })).toMatchObject({ regex: USER_STREAMS_REGEX });
      expect(isUserStream('certification-c1')).toBe(true);
      expect(isUserStream('firm-acme')).toBe(true);
      expect(isUserStream('$stats-127.0.0.1:2113')).toBe(false);
      expect(isUserStream('$$certification-c1')).toBe(false);
      expect(isUserStream(decidedStreamOf('certification-c1'))).toBe(false);
      expect(isUserStream(idempotencyStreamOf('k'))).toBe(false);
      expect(idempotencyStreamOf('x'.repeat(10_000))).toHaveLength('registry~idempotency-'.length + 64);
    });
  });

  describe('recorded events', () => {
    it('unwraps the stored metadata and maps revision and position', () => {
      const metadata = {
        actor: { subject: 's', role: 'REGISTRAR' },
        issuedAt: '2026-11-25T00:00:00.000Z',
        correlationId: 'c',
        causationId: null,
        commandId: 'k',
      };
      const created = new Date('2026-11-25T01:00:00.000Z');
      expect(
        toRecorded({
          id: 'e1',
          streamId: 's-1',
          revision: 0n,
          type: 'T',
          created,
          data: { a: 1 },
          metadata: { registry: metadata, schemaVersion: 2 },
          position: { commit: 10n, prepare: 9n },
        }),
      ).toEqual({
        eventId: 'e1',
        streamId: 's-1',
        streamVersion: 1,
        position: { transactionId: 10n, globalPosition: 9n },
        type: 'T',
        data: { a: 1 },
        metadata,
        schemaVersion: 2,
        recordedAt: created,
      });
      expect(() => toRecorded({ id: 'e2', streamId: 's', revision: 0n, type: 'T', created, data: {}, metadata: {} })).toThrow(/without a log position/);
    });
  });

  describe('errors', () => {
    it("maps the client's WrongExpectedVersionError to WRONG_EXPECTED_VERSION with the port's versions", () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'cert-1', expected: 2n, current: 4n });
      const failure = toAppendFailure(error, 'cert-1', 3);
      expect(failure).toMatchObject({
        kind: 'refused',
        error: { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { streamId: 'cert-1', expected: 3, actual: 5 } },
      });
      const created = toAppendFailure(new WrongExpectedVersionError(undefined, { streamName: 'new', expected: NO_STREAM, current: 0n }), 'new', 0);
      expect(created).toMatchObject({ kind: 'refused', error: { details: { streamId: 'new', expected: 0, actual: 1 } } });
    });

    it('names the condition stream that moved, and reads a taken idempotency key as a retry to answer', () => {
      const violation = (streamName: string, expectedState: bigint | typeof NO_STREAM, actualState: bigint | typeof NO_STREAM) =>
        Object.assign(Object.create(AppendConsistencyViolationError.prototype), {
          type: 'append-consistency-violation',
          violations: [{ checkIndex: 1, streamName, expectedState, actualState }],
        });
      expect(toAppendFailure(violation('certifier', 0n, 1n), 'cert', 0)).toMatchObject({
        kind: 'refused',
        error: { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { streamId: 'certifier', expected: 1, actual: 2 } },
      });
      expect(toAppendFailure(violation('ghost', NO_STREAM, 0n), 'b', 0)).toMatchObject({ error: { details: { streamId: 'ghost', expected: 0, actual: 1 } } });
      expect(toAppendFailure(violation(idempotencyStreamOf('k'), NO_STREAM, 0n), 's', 0)).toEqual({ kind: 'key-taken' });
      expect(toAppendFailure(violation(decidedStreamOf('s'), 3n, 4n), 's', 2)).toMatchObject({
        error: { code: 'EVENT_STORE.WRONG_EXPECTED_VERSION', details: { streamId: 's' } },
      });
    });

    it('refuses, not weakens, when the server lacks atomic multi-stream appends; reports an unreachable server as UNAVAILABLE', () => {
      expect(toAppendFailure({ type: 'unsupported', message: 'appendRecords' }, 's', 0)).toMatchObject({
        kind: 'refused',
        error: { code: 'EVENT_STORE.NOT_SUPPORTED_BY_ENGINE', message: expect.stringMatching(/^KurrentDB cannot append to several streams atomically/) },
      });
      expect(toAppendFailure({ type: 'unavailable', message: 'connect ECONNREFUSED' }, 's', 0)).toMatchObject({
        kind: 'refused',
        error: { code: 'EVENT_STORE.UNAVAILABLE' },
      });
      const other = new Error('boom');
      expect(toAppendFailure(other, 's', 0)).toEqual({ kind: 'other', error: other });
    });
  });
});
