import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { REGISTRY_EVENT_TYPES } from '@registry/domain';
import { CertificationProjection } from '../certifications/certification.projection';
import { CredentialStatusProjection } from '../credentials/status-list.projection';
import { FirmProjection } from '../firms/firm.projection';
import { PublicSectorProjection } from '../public-sector/public-sector.projection';
import { SandboxOpenRunsProjection } from '../sandbox/sandbox-open-runs.projection';
import { applyRouted, BatchEventHandlers, EVENT_ROUTES, EventHandlers, foldRouted, routedEvents, RoutedReadModel, routedTo } from './event-routes';

const recorded = (type: string, data: object = {}): RecordedEvent =>
  ({
    type,
    data,
    eventId: 'e1',
    streamId: 's',
    streamVersion: 1,
    position: { transactionId: 1n, globalPosition: 1n },
    metadata: {},
  }) as unknown as RecordedEvent;

/** A transaction that records the statements it is given. */
const recordingTx = () => {
  const statements: string[] = [];
  const tx = { query: (sql: string) => (statements.push(sql), Promise.resolve({ rows: [] })) } as unknown as SqlExecutor;
  return { tx, statements };
};

const projections = [
  new FirmProjection(),
  new CertificationProjection(),
  new CredentialStatusProjection(),
  new PublicSectorProjection(),
  new SandboxOpenRunsProjection(),
];

describe('EVENT_ROUTES: which read models each registry event changes', () => {
  it('decides every registry event type, and nothing else', () => {
    expect(Object.keys(EVENT_ROUTES).sort()).toEqual([...REGISTRY_EVENT_TYPES].sort());
  });

  it.each(projections.map((p) => [p.name, p] as const))('%s handles exactly the event types routed to it', (name, projection) => {
    const handlers = (projection as unknown as { on: Record<string, unknown> }).on;
    expect(Object.keys(handlers).sort()).toEqual(routedTo(name as RoutedReadModel).sort());
    expect(routedTo(name as RoutedReadModel).length).toBeGreaterThan(0);
  });

  it.each(projections.map((p) => [p.name, p] as const))('%s reads exactly those types from the log (Projection.eventTypes)', (name, projection) => {
    const handlers = (projection as unknown as { on: Record<string, unknown> }).on;
    expect([...projection.eventTypes].sort()).toEqual(Object.keys(handlers).sort());
  });

  it('names only read models that exist', () => {
    const names = new Set(projections.map((p) => p.name));
    for (const models of Object.values(EVENT_ROUTES)) for (const model of models) expect(names).toContain(model);
  });
});

describe('applyRouted', () => {
  const handlers = {
    FirmRegistered: jest.fn(() => Promise.resolve()),
    FirmRenamed: jest.fn(() => Promise.resolve()),
  } satisfies EventHandlers<'firms'>;
  beforeEach(() => jest.clearAllMocks());

  it('hands a routed event to its handler, typed, with the transaction and the recorded event', async () => {
    const { tx } = recordingTx();
    const event = recorded('FirmRenamed', { firmId: 'f', name: 'New' });
    await applyRouted<'firms'>(handlers, tx, event);
    expect(handlers.FirmRenamed).toHaveBeenCalledWith(event, tx, event);
    expect(handlers.FirmRegistered).not.toHaveBeenCalled();
  });

  it('changes nothing for an event routed elsewhere, an unknown type, or a type that shadows an object property', async () => {
    const { tx, statements } = recordingTx();
    for (const type of ['CertificationIssued', 'IdempotencyKeyClaimed', 'toString', '__proto__', 'constructor'])
      await applyRouted<'firms'>(handlers, tx, recorded(type));
    expect(handlers.FirmRegistered).not.toHaveBeenCalled();
    expect(handlers.FirmRenamed).not.toHaveBeenCalled();
    expect(statements).toEqual([]);
  });

  it('a projection writes for its own events only', async () => {
    const { tx, statements } = recordingTx();
    await new SandboxOpenRunsProjection().apply(tx, recorded('CertificationIssued', { certificationId: 'c' }));
    await new FirmProjection().apply(tx, recorded('SandboxRunFailed', { runId: 'r' }));
    expect(statements).toEqual([]);
    await new SandboxOpenRunsProjection().apply(tx, recorded('SandboxRunFailed', { runId: 'r' }));
    expect(statements).toEqual([expect.stringContaining('DELETE FROM rm_sandbox_open_endpoint_runs')]);
  });
});

describe('routedEvents and foldRouted (read models that apply a batch at once)', () => {
  const seen: string[] = [];
  const handlers = {
    FirmRegistered: (e, work: string[], r) => work.push(`registered ${e.data.firmId} v${r.streamVersion}`),
    FirmRenamed: (e, work: string[]) => work.push(`renamed ${e.data.name}`),
  } satisfies BatchEventHandlers<'firms', string[]>;
  beforeEach(() => (seen.length = 0));

  it('keeps the routed events of a batch, in log order, typed, and folds each through its handler', () => {
    const batch = [
      recorded('FirmRenamed', { firmId: 'f', name: 'B' }),
      recorded('CertificationIssued', { certificationId: 'c' }),
      recorded('FirmRegistered', { firmId: 'f' }),
      recorded('FirmRenamed', { firmId: 'f', name: 'C' }),
    ];
    const routed = routedEvents<'firms'>(handlers, batch);
    expect(routed.map((r) => r.recorded)).toEqual([batch[0], batch[2], batch[3]]);
    for (const r of routed) foldRouted(handlers, seen, r);
    expect(seen).toEqual(['renamed B', 'registered f v1', 'renamed C']);
  });

  it('leaves out events routed elsewhere, unknown types, and types that shadow an object property', () => {
    const types = ['CertificationIssued', 'IdempotencyKeyClaimed', 'toString', '__proto__', 'constructor', 'hasOwnProperty'];
    expect(
      routedEvents<'firms'>(
        handlers,
        types.map((type) => recorded(type)),
      ),
    ).toEqual([]);
  });

  it('the certifications read model runs no statement for a batch without its events', async () => {
    const { tx, statements } = recordingTx();
    await new CertificationProjection().applyBatch(tx, [
      recorded('FirmRegistered', { firmId: 'f' }),
      recorded('SandboxRunFailed', { runId: 'r' }),
      recorded('toString'),
    ]);
    expect(statements).toEqual([]);
    await new CertificationProjection().apply(tx, recorded('ModelRegistered', { modelId: 'm', firmId: 'f' }));
    expect(statements).toEqual([
      expect.stringContaining('SET LOCAL synchronous_commit = off'),
      expect.stringContaining('INSERT INTO rm_certification_model_owners'),
    ]);
  });
});
