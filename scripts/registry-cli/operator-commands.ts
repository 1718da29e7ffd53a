import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { exportRows, ExportWhat } from './export';
import { GraphQLClient, graphqlUrl, RegistryRefusal } from './graphql-client';
import { formatSummary, importCertifications } from './import-certifications';
import { rebuildRefusal } from './rebuild-guard';

const DEFAULT_URL = 'http://127.0.0.1:3000/graphql';

const fail = (message: string, code = 2): never => {
  process.stderr.write(`registry: ${message}\n`);
  process.exit(code);
};

const positiveInt = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`a whole number from 1 to ${max}`);
  return n;
};

/** `--url` and `--token` on a command that talks to a running registry (REGISTRY_URL and REGISTRY_TOKEN by default). */
const withConnection = (command: Command) =>
  command
    .addOption(new Option('--url <url>', 'the registry’s GraphQL endpoint (or its base URL)').env('REGISTRY_URL').default(DEFAULT_URL))
    .addOption(
      new Option('--token <bearer>', 'a bearer token (npx registry token …); prefer the environment variable, which stays out of shell history').env(
        'REGISTRY_TOKEN',
      ),
    );

const clientOf = (opts: { url: string; token?: string }) => {
  try {
    return new GraphQLClient(graphqlUrl(opts.url), opts.token);
  } catch {
    return fail(`--url: ${opts.url} is not a URL`);
  }
};

export const registerOperatorCommands = (program: Command): void => {
  const importCommand = program.command('import').description('Bulk writes from a file.');
  withConnection(
    importCommand
      .command('certifications')
      .description(
        'Issue, renew, suspend, reinstate or revoke certifications from a CSV or JSONL file (one operation a row, see docs/notes/cli-and-conventions.md). ' +
          'Idempotent per row: re-running a file writes nothing twice. Ctrl-C stops cleanly; run the same command again to finish.',
      )
      .argument('<file>', 'a .csv (with a header row) or .jsonl file')
      .addOption(new Option('--format <format>', 'the file format, when its name does not say').choices(['csv', 'jsonl']))
      .option('--rejects <file>', 'write the refused rows here with their error codes (CSV for CSV input, JSONL for JSONL)')
      .option('--state <file>', 'remember completed rows here so a resumed run does not send them again (default: <file>.import-state)')
      .option('--no-state', 'keep no state file: a resumed run sends every row again and relies on idempotency alone')
      .option('--concurrency <n>', 'rows in flight at once, 1 to 64', positiveInt(64), 8)
      .option('--no-progress', 'no progress bar (it is drawn on stderr only when stderr is a terminal)'),
  ).action(
    async (
      file: string,
      opts: { url: string; token?: string; format?: 'csv' | 'jsonl'; rejects?: string; state: string | boolean; concurrency: number; progress: boolean },
    ) => {
      if (!opts.token) fail('a token is needed: --token <bearer> or REGISTRY_TOKEN (a certifier’s, e.g. npx registry token --role certifier --subject cb-001)');
      const state = opts.state === false ? undefined : typeof opts.state === 'string' ? opts.state : `${file}.import-state`;
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('\nregistry: stopping after the rows in flight (Ctrl-C again to quit at once)\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await importCertifications({
          file,
          format: opts.format,
          client: clientOf(opts),
          concurrency: opts.concurrency,
          rejects: opts.rejects,
          state,
          progress: opts.progress && !!process.stderr.isTTY,
          signal: controller.signal,
        });
        process.stdout.write(`${formatSummary(summary, { rejects: opts.rejects, state })}\n`);
        process.exitCode = summary.interrupted ? 130 : summary.rejected ? 1 : 0;
      } catch (e) {
        fail((e as Error).message);
      }
    },
  );

  const exportCommand = program.command('export').description('Stream what the registry holds to CSV or JSONL (stdout or --out).');
  const exportOptions = (command: Command) =>
    withConnection(command)
      .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
      .option('--out <file>', 'write here instead of stdout');
  const runExport = async (what: ExportWhat, opts: { url: string; token?: string; format: 'csv' | 'jsonl'; out?: string }) => {
    const out = opts.out ? createWriteStream(opts.out) : process.stdout;
    try {
      const n = await exportRows(clientOf(opts), what, opts.format, out);
      if (opts.out) await new Promise<void>((resolve) => (out as ReturnType<typeof createWriteStream>).end(resolve));
      process.stderr.write(`registry: exported ${n} rows${opts.out ? ` to ${opts.out}` : ''}\n`);
    } catch (e) {
      fail(e instanceof RegistryRefusal ? `${e.code}: ${e.message}` : (e as Error).message);
    }
  };
  exportOptions(
    exportCommand
      .command('certifications')
      .description('Certifications, ordered by id, with the filters of the certifications query.')
      .option('--model-id <id>', 'only this model’s')
      .option('--model-version <version>', 'only this model version’s (with --model-id)')
      .option('--firm-id <id>', 'only models of this firm')
      .option('--certifier-id <id>', 'only this certifier’s')
      .addOption(new Option('--status <status>', 'only those standing so now').choices(['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'])),
  ).action((opts) =>
    runExport(
      {
        kind: 'certifications',
        filters: { modelId: opts.modelId, modelVersion: opts.modelVersion, firmId: opts.firmId, certifierId: opts.certifierId, status: opts.status },
      },
      opts,
    ),
  );
  exportOptions(
    exportCommand
      .command('verdicts')
      .description('Export-readiness verdicts of every certified model version for a jurisdiction and use case (the exportReadyModels query).')
      .requiredOption('--jurisdiction <code>', 'the importing jurisdiction, e.g. EU')
      .requiredOption('--use-case <slug>', 'the use case, e.g. lending')
      .addOption(new Option('--status <status>', 'which verdict').choices(['READY', 'CONDITIONAL', 'NOT_READY']).default('READY')),
  ).action((opts) => runExport({ kind: 'verdicts', filters: { jurisdiction: opts.jurisdiction, useCase: opts.useCase, status: opts.status } }, opts));

  withConnection(program.command('status').description('How a running registry is: store, log head, read-model position, event count (the status query).'))
    .option('--json', 'print the answer as JSON')
    .action(async (opts: { url: string; token?: string; json?: boolean }) => {
      try {
        const { status } = await clientOf(opts).request('query Status { status { store headPosition readModelPosition eventCount } }');
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(status)}\n`
            : `store:               ${status.store}\nlog head:            ${status.headPosition}\nread models at:      ${status.readModelPosition}${status.readModelPosition === status.headPosition ? ' (current)' : ' (catching up)'}\nevents:              ${status.eventCount}\n`,
        );
      } catch (e) {
        fail(e instanceof RegistryRefusal ? `${e.code}: ${e.message}` : (e as Error).message);
      }
    });

  program
    .command('token')
    .description('Print a bearer token for the embedded registry (npm run token): --role, --subject, --certifier, --firm, --jurisdiction, --expires.')
    .helpOption(false)
    .allowUnknownOption()
    .argument('[options...]', 'passed to scripts/token.ts (try: npx registry token --help)')
    .action((args: string[]) => {
      const root = join(__dirname, '..', '..');
      const result = spawnSync(
        process.execPath,
        [require.resolve('tsx/cli', { paths: [root] }), '--tsconfig', join(root, 'tsconfig.json'), join(root, 'scripts', 'token.ts'), ...args],
        { stdio: 'inherit' },
      );
      process.exitCode = result.status ?? 1;
    });

  program
    .command('rebuild')
    .description(
      'Throw a read model (projection) away and build it again from the log, then exit. Opens the store as the registry does (DATABASE_URL, or the embedded REGISTRY_DATA_DIR); ' +
        'an embedded data directory held by a running registry is refused: stop it first (with PostgreSQL, running instances keep serving).',
    )
    .argument('[projection]', 'the projection’s name; omit it to list them')
    .option('--timeout <seconds>', 'give up waiting after this long', positiveInt(86_400), 3600)
    .action((name: string | undefined, opts: { timeout: number }) => {
      // Before anything is opened: a mistyped name or data directory must not create a store on the way to refusing.
      const refusal = rebuildRefusal(name);
      if (refusal) fail(refusal);
      // Its own process, compiled by SWC with decorator metadata (Nest's injection needs it; tsx does not emit it), with
      // the registry's young generation (`npm start`: --max-semi-space-size=32, docs/benchmarks.md).
      const root = join(__dirname, '..', '..');
      const result = spawnSync(
        process.execPath,
        ['--max-semi-space-size=32', '-r', join(__dirname, 'swc-register.js'), join(__dirname, 'rebuild-main.ts'), name ?? '', String(opts.timeout)],
        { stdio: 'inherit', cwd: root },
      );
      process.exitCode = result.status ?? 2;
    });
};
