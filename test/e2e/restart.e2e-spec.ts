import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { openEventStore } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { sandboxRunStreamId } from '@registry/domain';
import { referenceModel } from '@registry/sandbox';
import { demoDigest } from '../../apps/registry-api/src/demo/demo-catalog';
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
      const after = await second.gql(
        `{ firm(id: "durable") { name history { type } } firms { totalCount } status { eventCount headPosition readModelPosition } }`,
      );
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

  it('keeps the readiness rows across a restart, recomputing only what the log gained, and everything when the verdict rules change', async () => {
    const LIST = `{ exportReadyModels(jurisdiction: "EU", useCase: "chatbot") { edges { node { modelId computedAt } } } }`;
    const computedAt = async (r: RunningRegistry) =>
      (await r.gql(LIST)).data.exportReadyModels.edges.map((e: { node: { computedAt: string } }) => e.node.computedAt);

    const first = await RunningRegistry.start({ dataDir, seedDemo: true });
    expect(await computedAt(first)).toHaveLength(1);
    // Mark the rows, so that a recomputed row would show.
    await first.db.query(`UPDATE rm_export_readiness_v1 SET computed_at = '1.1'`);
    await first.stop({ keepData: true });

    // Nothing happened while it was down: the rows come back as they were, not recomputed.
    const second = await RunningRegistry.start({ dataDir, seedDemo: true });
    expect(await computedAt(second)).toEqual(['1.1']);
    // A change after the restart still updates the rows it touches.
    const eu = await second.token('REGULATOR', 'eu-ai-office', 'EU');
    const withdrawn = await second.gql(`mutation { withdrawEquivalence(input: { equivalenceId: "eq-hk02-eu-art50", reason: "review" }) { status } }`, {}, eu);
    expect(withdrawn.errors).toBeUndefined();
    expect(await computedAt(second)).toEqual([]);
    // Pretend the rows were computed under other verdict rules: the next start recomputes every row.
    await second.db.query('UPDATE rm_export_readiness_v1_checkpoint SET rules_version = rules_version + 1000');
    await second.db.query(`UPDATE rm_export_readiness_v1 SET status = 'READY', computed_at = '0.1'`);
    await second.stop({ keepData: true });

    const third = await RunningRegistry.start({ dataDir, seedDemo: true });
    try {
      const rows = await third.db.query<{ computed_at: string }>('SELECT DISTINCT computed_at FROM rm_export_readiness_v1');
      expect(rows.rows.map((r) => r.computed_at)).not.toContain('0.1');
      expect(await computedAt(third)).toEqual([]);
    } finally {
      await third.stop({ keepData: true });
    }
  });

  it('resumes a sandbox endpoint run that was requested but never finished when the process stopped (a rebuild in between resumes nothing)', async () => {
    const own = mkdtempSync(join(tmpdir(), 'registry-restart-sandbox-'));
    const calls: number[] = [];
    const model = referenceModel('lending', 'fair');
    const server: Server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { rows } = JSON.parse(body) as { rows: (Parameters<typeof model>[0] & { id: string })[] };
      calls.push(rows.length);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ predictions: rows.map((r) => ({ id: r.id, prediction: model(r) })) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`;
    try {
      const first = await RunningRegistry.start({ dataDir: own, seedDemo: true });
      const suite = (await first.gql(`{ sandboxSuite(id: "lending") { versionInForce { version digest size } } }`)).data.sandboxSuite.versionInForce;
      await first.stop({ keepData: true });

      // What a crash leaves behind: the request recorded, its calls gone with the process that made them.
      const handle = await openEventStore({ kind: 'pglite', dataDir: join(own, 'pglite') });
      await handle.store.appendToStream(
        sandboxRunStreamId('interrupted'),
        [
          {
            type: 'SandboxRunRequested',
            data: {
              runId: 'interrupted',
              firmId: 'harbour-lending',
              modelId: 'creditscope',
              modelVersion: '2.1',
              weightsDigest: demoDigest('creditscope@2.1'),
              suiteId: 'lending',
              suiteVersion: suite.version,
              suiteDigest: suite.digest,
              mode: 'ENDPOINT',
              endpoint,
              rows: suite.size,
              requestedAt: new Date().toISOString(),
            },
          },
        ],
        { expectedVersion: 0, metadata: metadata() },
      );
      const rowsAt = async (store: typeof handle) =>
        (await store.readModels.query<{ position: string }>('SELECT position FROM rm_export_readiness_v1_checkpoint')).rows[0]?.position;
      const rowsBefore = await rowsAt(handle);
      expect(rowsBefore).toEqual(expect.any(String)); // the first start left its rows' checkpoint
      await handle.close();

      // An operator's rebuild in between opens the same store but is no registry at work: it resumes nothing (no call
      // to the endpoint, no event), and leaves the run to the next start.
      const rebuilt = await promisify(execFile)(process.execPath, [join(__dirname, '..', '..', 'bin', 'registry.js'), 'rebuild', 'certifications'], {
        env: { ...process.env, REGISTRY_DATA_DIR: own, AUTH_KEY_DIR: join(own, 'auth'), SANDBOX_ENDPOINT_ALLOW_PRIVATE: '1', LOG_LEVEL: 'warn' },
      });
      expect(rebuilt.stdout).toMatch(/^rebuilt certifications up to /);
      expect(calls).toEqual([]);
      // Nor does it bring the readiness rows (and the verdict facts behind them) up to the log the request extended.
      const after = await openEventStore({ kind: 'pglite', dataDir: join(own, 'pglite') });
      const rowsAfter = await rowsAt(after);
      await after.close();
      expect(rowsAfter).toBe(rowsBefore);

      const second = await RunningRegistry.start({ dataDir: own, seedDemo: true, env: { SANDBOX_ENDPOINT_ALLOW_PRIVATE: '1' } });
      try {
        const owner = await second.token('FIRM', 'harbour-admin', 'harbour-lending');
        let run: { status: string; passed: boolean | null } = { status: 'REQUESTED', passed: null };
        for (let i = 0; i < 600 && run.status === 'REQUESTED'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          run = (await second.gql(`{ sandboxRun(id: "interrupted") { status passed } }`, {}, owner)).data.sandboxRun;
        }
        expect(run).toEqual({ status: 'COMPLETED', passed: true });
        expect(calls.length).toBeGreaterThan(0);
      } finally {
        await second.stop();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(own, { recursive: true, force: true });
    }
  });
});
