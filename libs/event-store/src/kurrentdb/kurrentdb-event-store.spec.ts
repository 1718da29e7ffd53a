import { KurrentDBClient, NO_STREAM, STREAM_STATE } from '@kurrent/kurrentdb-client';
import { metadata } from '../testing/event-store.contract';
import { decidedStreamOf, eventIdFor, idempotencyStreamOf } from './kurrentdb-mapping';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * What the adapter asks of KurrentDB, checked against a recording stand-in for the client (no server here).
 * This proves the requests, not KurrentDB's answers to them: the contract suite does that where a server runs.
 */
interface Stored {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position: { commit: bigint; prepare: bigint };
}

const recordingClient = (streams: Record<string, Stored[]> = {}, appendRecords?: (records: unknown[], checks: unknown[]) => Promise<unknown>) => {
  const calls: { method: string; args: unknown[] }[] = [];
  let next = 100n;
  const write = (streamName: string, record: { id: string; type: string; data: unknown; metadata: unknown }) => {
    const stream = (streams[streamName] ??= []);
    next += 10n;
    stream.push({ ...record, streamId: streamName, revision: BigInt(stream.length), created: new Date(), position: { commit: next, prepare: next } });
    return BigInt(stream.length - 1);
  };
  const client = {
    appendRecords: async (records: { streamName: string; record: { id: string; type: string; data: unknown; metadata: unknown } }[], checks: unknown[]) => {
      calls.push({ method: 'appendRecords', args: [records, checks] });
      if (appendRecords) return appendRecords(records, checks);
      const revisions = new Map<string, bigint>();
      for (const r of records) revisions.set(r.streamName, write(r.streamName, r.record));
      return { position: next, responses: [...revisions].map(([streamName, revision]) => ({ streamName, revision })) };
    },
    appendToStream: async (streamName: string, events: { id: string; type: string; data: unknown; metadata: unknown }[], options: unknown) => {
      calls.push({ method: 'appendToStream', args: [streamName, events, options] });
      let revision = -1n;
      for (const e of events) revision = write(streamName, e);
      return { success: true, nextExpectedRevision: revision };
    },
    readStream: (streamName: string, options: { direction: string; fromRevision: bigint | string; maxCount?: number }) =>
      (async function* () {
        const stream = streams[streamName];
        if (!stream) throw Object.assign(new Error(`${streamName} not found`), { type: 'stream-not-found' });
        const ordered = options.direction === 'backwards' ? [...stream].reverse() : stream;
        const from = typeof options.fromRevision === 'bigint' ? ordered.filter((e) => e.revision >= (options.fromRevision as bigint)) : ordered;
        for (const event of from.slice(0, options.maxCount ?? from.length)) yield { event };
      })(),
    dispose: async () => undefined,
  };
  return { store: new KurrentDbEventStore(client as unknown as KurrentDBClient), calls, streams };
};

const events = [{ type: 'CertificationIssued', data: { certificationId: 'c1' } }];

describe('KurrentDB adapter requests (recording client, no server)', () => {
  it('sends a plain append (no condition, decision time or key) as appendToStream with the expected revision (version 0 = NO_STREAM)', async () => {
    const { store, calls } = recordingClient({ s: [] });
    await store.appendToStream('s', events, { expectedVersion: 0, metadata: metadata() });
    expect(calls[0]).toMatchObject({ method: 'appendToStream', args: ['s', [{ type: 'CertificationIssued' }], { streamState: NO_STREAM }] });
  });

  it('sends conditions, decision time and idempotency key as ONE appendRecords with a consistency check each', async () => {
    const { store, calls, streams } = recordingClient();
    const meta = metadata({ idempotencyKey: 'cb-1/issue-c1' });
    const result = await store.appendToStream('cert-c1', events, {
      expectedVersion: 0,
      metadata: meta,
      decisionTime: '2026-11-25T10:10:00.000Z',
      conditions: [{ streamId: 'certifier-cb-1', expectedVersion: 3 }],
    });
    expect(calls.map((c) => c.method)).toEqual(['appendRecords']);
    const [records, checks] = calls[0].args as [{ streamName: string; record: { id: string; type: string } }[], unknown[]];
    expect(checks).toEqual([
      { type: STREAM_STATE, streamName: 'cert-c1', expectedState: NO_STREAM },
      { type: STREAM_STATE, streamName: 'certifier-cb-1', expectedState: 2n },
      { type: STREAM_STATE, streamName: decidedStreamOf('cert-c1'), expectedState: NO_STREAM },
      { type: STREAM_STATE, streamName: decidedStreamOf('certifier-cb-1'), expectedState: NO_STREAM },
      { type: STREAM_STATE, streamName: idempotencyStreamOf('cb-1/issue-c1'), expectedState: NO_STREAM },
    ]);
    expect(records.map((r) => [r.streamName, r.record.type])).toEqual([
      ['cert-c1', 'CertificationIssued'],
      [decidedStreamOf('cert-c1'), 'DecisionRecorded'],
      [decidedStreamOf('certifier-cb-1'), 'DecisionRecorded'],
      [idempotencyStreamOf('cb-1/issue-c1'), 'IdempotencyKeyClaimed'],
    ]);
    expect(records[0].record.id).toBe(eventIdFor('cb-1/issue-c1', 0));
    expect(result).toMatchObject({
      streamId: 'cert-c1',
      streamVersion: 1,
      deduplicated: false,
      events: [{ eventId: eventIdFor('cb-1/issue-c1', 0), metadata: meta }],
    });
    expect(streams['cert-c1']).toHaveLength(1);

    // The retry: the key's claim is found, nothing is sent, the first answer comes back.
    const again = await store.appendToStream('cert-c1', events, {
      expectedVersion: 0,
      metadata: { ...meta, commandId: 'retry' },
      decisionTime: '2026-11-25T10:10:00.000Z',
    });
    expect(calls).toHaveLength(1);
    expect(again).toMatchObject({ deduplicated: true, streamVersion: 1, events: [{ eventId: eventIdFor('cb-1/issue-c1', 0) }] });
    // The key with another request: refused.
    await expect(store.appendToStream('cert-c1', [{ type: 'Other', data: {} }], { expectedVersion: 1, metadata: meta })).rejects.toMatchObject({
      code: 'EVENT_STORE.IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('refuses a decision older than one recorded on a stream it relies on, before sending anything', async () => {
    const { store, calls } = recordingClient();
    await store.appendToStream('cert-c1', events, {
      expectedVersion: 0,
      metadata: metadata(),
      decisionTime: '2026-11-25T10:10:00.000Z',
      conditions: [{ streamId: 'certifier', expectedVersion: 0 }],
    });
    await expect(
      store.appendToStream('certifier', events, { expectedVersion: 0, metadata: metadata(), decisionTime: '2026-11-25T10:05:00.000Z' }),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.STALE_DECISION_TIME',
      details: { streamId: 'certifier', latest: '2026-11-25T10:10:00.000Z' },
    });
    expect(calls).toHaveLength(1);
  });

  it('refuses (does not weaken) a conditioned append when the server has no appendRecords', async () => {
    const unsupported = Object.assign(new Error('appendRecords is not supported'), { type: 'unsupported' });
    const { store } = recordingClient({}, () => Promise.reject(unsupported));
    await expect(
      store.appendToStream('cert', events, { expectedVersion: 0, metadata: metadata(), conditions: [{ streamId: 'certifier', expectedVersion: 1 }] }),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.NOT_SUPPORTED_BY_ENGINE',
    });
  });

  it('answers a re-sent batch of stored event ids as a replay without writing, and refuses an id with other content', async () => {
    const { store, calls } = recordingClient();
    const batch = [
      { type: 'A', data: { x: 1 }, eventId: '0b6f1c2e-4c1e-4a43-9d0c-2f6f6f0e9a01' },
      { type: 'B', data: { x: 2 }, eventId: '0b6f1c2e-4c1e-4a43-9d0c-2f6f6f0e9a02' },
    ];
    const first = await store.appendToStream('s', batch, { expectedVersion: 0, metadata: metadata() });
    const again = await store.appendToStream('s', batch, { expectedVersion: 0, metadata: metadata() });
    expect(calls.filter((c) => c.method === 'appendToStream')).toHaveLength(1);
    expect(again).toMatchObject({ deduplicated: true, streamVersion: 2, events: first.events.map((e) => ({ eventId: e.eventId })) });
    await expect(store.appendToStream('s', [{ ...batch[0], data: { x: 9 } }], { expectedVersion: 2, metadata: metadata() })).rejects.toMatchObject({
      code: 'EVENT_STORE.EVENT_ID_REUSED',
    });
  });

  it('names the condition stream that moved', async () => {
    const violation = Object.assign(new Error('consistency'), {
      type: 'append-consistency-violation',
      violations: [{ checkIndex: 1, streamName: 'certifier', expectedState: 0n, actualState: 1n }],
    });
    const { store } = recordingClient({}, () => Promise.reject(violation));
    await expect(
      store.appendToStream('cert', events, { expectedVersion: 0, metadata: metadata(), conditions: [{ streamId: 'certifier', expectedVersion: 1 }] }),
    ).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_VERSION',
      details: { streamId: 'certifier', expected: 1, actual: 2 },
    });
  });
});
