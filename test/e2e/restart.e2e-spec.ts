import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningRegistry } from './support/registry';

describe('the embedded registry across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'registry-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the demo catalog once, and keeps data and tokens across a restart', async () => {
    const first = await RunningRegistry.start({ dataDir, seedDemo: true });
    const demo = await first.gql(`{ firms { totalCount } status { eventCount } }`);
    expect(demo.data.firms.totalCount).toBe(3);
    const demoEvents: number = demo.data.status.eventCount;
    const registrar = await first.token('REGISTRAR', 'registrar-hk');
    const created = await first.gql(`mutation { registerFirm(input: { firmId: "durable", name: "Durable Ltd", jurisdiction: "HK" }) { id } }`, {}, registrar);
    expect(created.errors).toBeUndefined();
    await first.stop({ keepData: true });

    const second = await RunningRegistry.start({ dataDir, seedDemo: true });
    try {
      const after = await second.gql(`{ firm(id: "durable") { name history { type } } firms { totalCount } status { eventCount headPosition readModelPosition } }`);
      expect(after.data.firm).toEqual({ name: 'Durable Ltd', history: [{ type: 'FirmRegistered' }] });
      // The demo catalog was not loaded a second time.
      expect(after.data.firms.totalCount).toBe(4);
      expect(after.data.status.eventCount).toBe(demoEvents + 1);
      expect(after.data.status.readModelPosition).toBe(after.data.status.headPosition);
      // The signing key persisted too: a token from before the restart still works.
      const renamed = await second.gql(`mutation { renameFirm(input: { firmId: "durable", name: "Durable Holdings" }) { name } }`, {}, registrar);
      expect(renamed.data).toEqual({ renameFirm: { name: 'Durable Holdings' } });
    } finally {
      await second.stop({ keepData: true });
    }
  });
});
