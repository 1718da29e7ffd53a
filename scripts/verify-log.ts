/**
 * Recomputes the registry's transparency log from the events in its database and checks every checkpoint
 * it signed (signature, root, consistency between consecutive ones). Exit 0 if all holds, 1 if anything was
 * found (each finding names its leaf index and log position, or its checkpoint), 2 if it could not run.
 *   npm run verify-log                                  # the embedded registry (.data/registry or REGISTRY_DATA_DIR)
 *   npm run verify-log -- --database-url postgresql://…  # or DATABASE_URL
 *   npm run verify-log -- --key 'hk-ai-registry.example/log+1a2b3c4d+AX…'   # trust only this verifier key
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { openEventStore, StoreConfig } from '@registry/event-store';
import { verifyLog } from '../apps/registry-api/src/transparency/verify-log';

const program = new Command('verify-log')
  .description('Recompute the transparency log from es_events and check every signed checkpoint.')
  .option('--database-url <url>', 'PostgreSQL database (default: DATABASE_URL)')
  .option('--data-dir <dir>', 'embedded registry data directory (default: REGISTRY_DATA_DIR or .data/registry)')
  .option('--key <verifierKey...>', 'trusted signed-note verifier key(s); default: the keys the database lists (not independent)')
  .option('--keys-file <file>', 'a file of trusted verifier keys, one per line (e.g. saved from GET /log/verifier-key)')
  .option('--json', 'print the report as JSON')
  .parse();

const opts = program.opts<{ databaseUrl?: string; dataDir?: string; key?: string[]; keysFile?: string; json?: boolean }>();

(async () => {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  const store: StoreConfig = url
    ? { kind: 'postgres', url, poolSize: 2 }
    : { kind: 'pglite', dataDir: resolve(opts.dataDir ?? process.env.REGISTRY_DATA_DIR ?? '.data/registry', 'pglite') };
  const trustedKeys = [
    ...(opts.key ?? []),
    ...(opts.keysFile
      ? readFileSync(opts.keysFile, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : []),
  ];
  const es = await openEventStore(store, { connectTimeoutMs: 5_000 });
  let report;
  try {
    report = await verifyLog(es.readModels, { trustedKeys });
  } finally {
    await es.close();
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `verify-log: ${report.events} events in es_events, ${report.checkpoints} signed checkpoint(s)${report.retiredCheckpoints ? ` (${report.retiredCheckpoints} of the retired entry-format-1 log, signatures checked)` : ''}`,
    );
    out(`verifier keys${trustedKeys.length ? '' : ' (as listed by the database itself; pass --key for an independent check)'}:`);
    for (const k of report.verifierKeys) out(`  ${k}`);
    for (const p of report.problems) out(`FAIL ${p.kind}: ${p.message}`);
    out(
      report.problems.length
        ? `verify-log: ${report.problems.length} problem(s) found`
        : 'verify-log: OK, every checkpoint verifies against the recomputed log and each extends the one before',
    );
  }
  process.exitCode = report.problems.length ? 1 : 0;
})().catch((error) => {
  console.error(`verify-log: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 2;
});
