import { openEventStore, StoreHandle } from '@registry/event-store';
import { VerdictSnapshotStore } from './verdict-snapshots';

const header = { position: { transactionId: 7n, globalPosition: 42n }, events: 42, format: 1, rulesVersion: 1 };
const chunks = [
  { part: 'models', entries: [['m1', { kind: 'GENERATIVE' }]] },
  { part: 'equivalences', entries: [] },
];

const readAll = async (store: VerdictSnapshotStore) => {
  const read = [];
  for await (const chunk of store.read(header.position)) read.push(chunk);
  return read;
};

describe('verdict snapshot store (PGlite)', () => {
  let handle: StoreHandle;
  let store: VerdictSnapshotStore;
  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
    store = new VerdictSnapshotStore(handle.readModels);
    await store.ensureTables();
  });
  afterEach(() => handle.close());

  it('reads back what it wrote, in order', async () => {
    await store.write(header, chunks);
    expect(await store.list()).toEqual([expect.objectContaining({ events: 42 })]);
    expect(await readAll(store)).toEqual(chunks);
  });

  it('refuses a snapshot deleted after it was listed instead of reading it as an empty one', async () => {
    await store.write(header, chunks);
    const [listed] = await store.list();
    await store.delete([listed.position]);
    await expect(readAll(store)).rejects.toThrow('VERDICT_SNAPSHOT.MISSING');
  });
});
