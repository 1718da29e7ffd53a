import { EventStore, LOG_START, LogPosition, maxPosition, openEventStore, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { ProjectionRunner } from '@registry/projections';
import { certificationStreamId } from '@registry/domain';
import { CredentialStatusProjection, CredentialStatusRow, STATUS_LIST_LENGTH, slotOf, statusRows } from './status-list.projection';

const rows = async (db: SqlExecutor) => (await db.query<CredentialStatusRow>('SELECT * FROM rm_credential_status ORDER BY ordinal')).rows;

describe('credential-status projection (PGlite)', () => {
  let handle: StoreHandle;
  let store: EventStore;
  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
    store = handle.store;
  });
  afterEach(() => handle.close());

  /** Interleaves issues and status changes of many certifications across streams; returns the head. */
  const writeLog = async (n: number): Promise<LogPosition> => {
    let head = LOG_START;
    const append = async (id: string, type: string, data: Record<string, unknown>) => {
      const { version } = await store.readStream(certificationStreamId(id));
      head = maxPosition(
        head,
        (
          await store.appendToStream(certificationStreamId(id), [{ type, data: { certificationId: id, ...data } }], {
            expectedVersion: version,
            metadata: metadata(),
          })
        ).position,
      );
    };
    for (let i = 0; i < n; i++) {
      // Issued out of id order, so ordinals follow the log and not the ids.
      const id = `cert-${String((i * 7) % n).padStart(3, '0')}`;
      await append(id, 'CertificationIssued', {});
      if (i % 3 === 0) await append(id, 'CertificationSuspended', { reason: 'x' });
      if (i % 6 === 0) await append(id, 'CertificationReinstated', {});
      if (i % 5 === 0) await append(id, 'CertificationRevoked', { reason: 'y' });
      if (i % 4 === 0) await append(id, 'CertificationRenewed', {});
    }
    return head;
  };

  it('allocates slots once, in log order of CertificationIssued; a rebuild from position 0 gives the same slots and bits', async () => {
    const runner = new ProjectionRunner(handle, [new CredentialStatusProjection()], { batchSize: 7, pollIntervalMs: 20 });
    await runner.start();
    const head = await writeLog(30);
    await runner.waitFor(head);
    const live = await rows(handle.readModels);
    expect(live.map((r) => r.ordinal)).toEqual([...Array(30).keys()]);
    const issuedInOrder = (await store.readAll({ after: LOG_START, limit: 10_000 }))
      .filter((e) => e.type === 'CertificationIssued')
      .map((e) => (e.data as { certificationId: string }).certificationId);
    expect(live.map((r) => r.certification_id)).toEqual(issuedInOrder);
    const byId = Object.fromEntries(live.map((r) => [r.certification_id, r]));
    issuedInOrder.forEach((id, i) => expect(byId[id]).toMatchObject({ suspended: i % 3 === 0 && i % 6 !== 0, revoked: i % 5 === 0 }));

    await runner.rebuild('credential-status');
    await runner.waitFor(head);
    expect(await rows(handle.readModels)).toEqual(live);

    // Reading back: list 1 holds every slot, the bits per purpose; list 2 does not exist yet.
    expect(await statusRows.setBits(handle.readModels, 'revocation', 1)).toEqual(live.filter((r) => r.revoked).map((r) => r.ordinal));
    expect(await statusRows.setBits(handle.readModels, 'suspension', 1)).toEqual(live.filter((r) => r.suspended).map((r) => r.ordinal));
    expect(await statusRows.setBits(handle.readModels, 'revocation', 2)).toBeNull();
    expect(await statusRows.slotOf(handle.readModels, issuedInOrder[4])).toEqual({ ordinal: 4, list: 1, index: 4 });
    await runner.stop();
  });

  it('maps an ordinal to a list of 131,072 entries and an index in it', () => {
    expect(slotOf(0)).toEqual({ ordinal: 0, list: 1, index: 0 });
    expect(slotOf(STATUS_LIST_LENGTH - 1)).toEqual({ ordinal: STATUS_LIST_LENGTH - 1, list: 1, index: STATUS_LIST_LENGTH - 1 });
    expect(slotOf(STATUS_LIST_LENGTH + 5)).toEqual({ ordinal: STATUS_LIST_LENGTH + 5, list: 2, index: 5 });
  });
});
