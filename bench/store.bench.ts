/**
 * npm run bench:store [-- --scale 1 --markdown docs/benchmarks.md]
 *
 * Same PostgreSQL server, same event shapes, same workload, one fresh database and one process per target:
 * our store, Emmett's PostgreSQL event store (the named peer), and a raw INSERT/SELECT loop (the floor
 * any store on this server sits above). Ours also runs on embedded PGlite. Prints events/s and the ratios;
 * absolute numbers are noisy on 2 shared cores, ratios from one run are what to compare.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { Command } from 'commander';
import { Client } from 'pg';
import { createTestDatabase, PG_ADMIN_URL } from '../test/support/postgres';
import { SCENARIOS } from './scenarios';

interface TargetResult {
  kind: string;
  name: string;
  results: Record<string, { seconds: number; appends: number; events: number }>;
  read: { seconds: number; events: number; written: number };
}

const opts = new Command('bench:store')
  .option('--scale <n>', 'multiply the number of appends', (v) => Number(v), 1)
  .option('--markdown <file>', 'also write the table, with the machine, to this Markdown file')
  .parse()
  .opts<{ scale: number; markdown?: string }>();

const runTarget = (kind: string, where: string): Promise<TargetResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'run-target.ts'), kind, where, String(opts.scale)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${kind} exited with ${code}`))));
  });

const rate = (events: number, seconds: number) => events / seconds;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

(async () => {
  const order = ['ours-pg', 'emmett-pg', 'raw-pg', 'ours-pglite'];
  const results: Record<string, TargetResult> = {};
  for (const kind of order) {
    process.stderr.write(`running ${kind}...\n`);
    if (kind.endsWith('-pg')) {
      const db = await createTestDatabase('bench');
      try {
        results[kind] = await runTarget(kind, db.url);
      } finally {
        await db.drop();
      }
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'bench-pglite-'));
      try {
        results[kind] = await runTarget(kind, dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  const head = ['workload (events/s)', 'ours (PG)', 'Emmett 0.42 (PG)', 'raw INSERT (PG)', 'ours / Emmett', 'ours / raw', 'ours (PGlite)'];
  const rows: string[][] = [];
  for (const s of SCENARIOS) {
    const r = (k: string) => rate(results[k].results[s.id].events, results[k].results[s.id].seconds);
    rows.push([
      s.label,
      fmt(r('ours-pg')),
      fmt(r('emmett-pg')),
      fmt(r('raw-pg')),
      ratio(r('ours-pg'), r('emmett-pg')),
      ratio(r('ours-pg'), r('raw-pg')),
      fmt(r('ours-pglite')),
    ]);
  }
  const read = (k: string) => rate(results[k].read.events, results[k].read.seconds);
  rows.push([
    'read whole log, pages of 500',
    fmt(read('ours-pg')),
    fmt(read('emmett-pg')),
    fmt(read('raw-pg')),
    ratio(read('ours-pg'), read('emmett-pg')),
    ratio(read('ours-pg'), read('raw-pg')),
    fmt(read('ours-pglite')),
  ]);
  const complete = (k: string) => `${results[k].read.events}/${results[k].read.written}`;
  rows.push(['events read / written', complete('ours-pg'), complete('emmett-pg'), complete('raw-pg'), '', '', complete('ours-pglite')]);

  const table = new Table({ head });
  table.push(...rows);
  console.log(table.toString());

  if (opts.markdown) {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    const pgVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    await admin.end();
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion} on 127.0.0.1, ${new Date().toISOString().slice(0, 10)}`;
    const md = [
      `| ${head.join(' | ')} |`,
      `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const git = (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
      } catch {
        return 'unknown';
      }
    })();
    writeFileSync(opts.markdown, `${md}\n\nMachine: ${machine}; commit ${git}; scale ${opts.scale}.\n`);
    console.log(`table written to ${opts.markdown}`);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
