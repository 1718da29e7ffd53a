/**
 * `npx registry <command>`: the registry's offline tools for a foreign regulator.
 *   sign-countersignature --proposal <file|-> --key <private key PEM or JWK file>
 *   verify <credential file> [--jwks f] [--status-list f…] [--checkpoint f] [--log-key f] [--proofs f] [--regulator-keys f]
 *   verify <bundle dir>                                  (the directory fetch-evidence wrote)
 *   verify … --previous-checkpoint f --consistency-proof f   (also: the log grew from a checkpoint you held)
 *   fetch-evidence <certification id | --export-readiness input.json> --registry http://… --out <dir> [--since <checkpoint file>]
 * and for certifiers and operators (scripts/registry-cli/operator-commands.ts, docs/notes/cli-and-conventions.md):
 *   import certifications <file.csv|jsonl> [--url u] [--token t | REGISTRY_TOKEN] [--rejects f] [--concurrency n]
 *   export certifications|verdicts [--format csv|jsonl] [filters]
 *   status, token …, rebuild [projection]
 */
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { countersignatureContent, countersignaturePayload, formatReport, regulatorPublicKey, signCountersignature, verifyCredential } from '@registry/verifier';
import { bundleFiles, fetchEvidence } from './registry-cli/fetch-evidence';
import { registerOperatorCommands } from './registry-cli/operator-commands';

const readInput = (file: string): string => (file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'));

/** A private key from a PEM (PKCS#8, SEC1 or PKCS#1 as Node reads them) or a JWK file with its private member `d`. */
const loadPrivateKey = (file: string): KeyObject => {
  const text = readFileSync(file, 'utf8').trim();
  if (text.startsWith('{')) return createPrivateKey({ key: JSON.parse(text), format: 'jwk' });
  return createPrivateKey(text);
};

const fail = (message: string): never => {
  process.stderr.write(`registry: ${message}\n`);
  process.exit(2);
};

const program = new Command('registry').description(
  'HK-AI registry: bulk-import and export certifications, operate a registry, sign countersignatures and verify credentials offline.',
);

program
  .command('sign-countersignature')
  .description('Sign an equivalence proposal with a regulator’s private key: prints the detached JWS to pass as countersignEquivalence(input: { jws }).')
  .requiredOption('--proposal <file|->', 'the equivalence as proposed: `equivalence(id)` JSON from the registry (or its GraphQL response), or - for stdin')
  .requiredOption('--key <file>', 'the regulator’s private key: PEM (PKCS#8) or JWK, P-256 (ES256) or Ed25519 (EdDSA)')
  .option('--show-payload', 'also print, on stderr, the canonical JSON that is signed')
  .action(async (opts: { proposal: string; key: string; showPayload?: boolean }) => {
    let content;
    try {
      content = countersignatureContent(JSON.parse(readInput(opts.proposal)));
    } catch (e) {
      return fail(`--proposal: ${(e as Error).message}`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = loadPrivateKey(opts.key);
    } catch (e) {
      return fail(`--key: not a private key (${(e as Error).message})`);
    }
    const publicKey = await regulatorPublicKey(createPublicKey(privateKey).export({ format: 'jwk' })).catch((e: Error) => fail(`--key: ${e.message}`));
    if (opts.showPayload) process.stderr.write(`${countersignaturePayload(content)}\n`);
    process.stdout.write(`${await signCountersignature(content, privateKey, publicKey)}\n`);
  });

program
  .command('verify')
  .description(
    'Verify a credential offline: signature and key, validity, status, countersignatures, inclusion in a signed checkpoint. Exit 0 only if every check holds.',
  )
  .argument('<credential>', 'the credential (compact JWS) file, or a bundle directory written by fetch-evidence')
  .option('--jwks <file>', 'the issuer’s JWKS (/.well-known/jwks.json)')
  .option('--status-list <file...>', 'Bitstring Status List credentials (/status/<purpose>/<n>)')
  .option('--checkpoint <file>', 'a signed checkpoint (/log/checkpoint); default: the one in the credential')
  .option('--log-key <file>', 'the log’s verifier key(s), one per line (/log/verifier-key)')
  .option('--proofs <file>', 'inclusion proofs: JSON list of { eventId, leafIndex, treeSize, hashes, entry }')
  .option('--previous-checkpoint <file>', 'a signed checkpoint you held before: the checkpoint used must extend it (or it the checkpoint)')
  .option('--consistency-proof <file>', 'JSON { first, second, hashes } (consistencyProof query) between the previous checkpoint and this one')
  .option('--regulator-keys <file>', 'JSON { "<jurisdiction>": [JWK, …] } of regulator keys you trust yourself')
  .option('--allow-unsigned-countersignatures', 'accept countersignatures recorded before they were signatures')
  .option('--now <instant>', 'judge validity at this instant instead of now')
  .action(async (target: string, opts: Record<string, any>) => {
    const files: Partial<ReturnType<typeof bundleFiles>> & { credential: string } =
      existsSync(target) && statSync(target).isDirectory() ? bundleFiles(target) : { credential: target };
    const read = (file?: string) => (file && existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    const json = (file?: string, what = file) => {
      const text = read(file);
      if (file && text === undefined) fail(`${what}: no such file`);
      try {
        return text === undefined ? undefined : JSON.parse(text);
      } catch {
        return fail(`${what}: not JSON`);
      }
    };
    const credential = read(files.credential) ?? fail(`${files.credential}: no such file`);
    const statusFiles: string[] = opts.statusList ?? files.statusLists ?? [];
    const logKeyText = read(opts.logKey ?? files.logKey);
    const report = await verifyCredential(credential, {
      jwks: json(opts.jwks ?? files.jwks, '--jwks'),
      statusLists: statusFiles.map((f) => read(f) ?? fail(`${f}: no such file`)),
      checkpoint: read(opts.checkpoint ?? files.checkpoint),
      logKeys: logKeyText?.split('\n').filter((l) => l.trim()),
      proofs: json(opts.proofs ?? files.proofs, '--proofs'),
      previousCheckpoint: opts.previousCheckpoint
        ? (read(opts.previousCheckpoint) ?? fail(`${opts.previousCheckpoint}: no such file`))
        : read(files.previousCheckpoint),
      consistencyProof: json(opts.consistencyProof ?? files.consistencyProof, '--consistency-proof'),
      regulatorKeys: json(opts.regulatorKeys, '--regulator-keys'),
      allowUnsignedCountersignatures: !!opts.allowUnsignedCountersignatures,
      now: opts.now ? new Date(opts.now) : undefined,
    });
    process.stdout.write(`${formatReport(report)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  });

program
  .command('fetch-evidence')
  .description('Fetch a credential and everything needed to verify it offline from a running registry into a directory.')
  .argument('[certificationId]', 'a certification id: fetches certificationCredential(id)')
  .requiredOption('--registry <url>', 'the registry’s base URL, e.g. http://localhost:3000')
  .option('--export-readiness <file>', 'instead: an ExportReadinessInput JSON file, fetches exportReadinessCredential(input)')
  .option('--credential <file>', 'instead: a credential you already hold (compact JWS file)')
  .option('--out <dir>', 'where to write the bundle', 'evidence')
  .option('--since <file>', 'a signed checkpoint you held before (e.g. an earlier bundle’s checkpoint.txt): also fetch the consistency proof from it')
  .action(
    async (certificationId: string | undefined, opts: { registry: string; exportReadiness?: string; credential?: string; out: string; since?: string }) => {
      const source = opts.credential
        ? { credential: readFileSync(opts.credential, 'utf8').trim() }
        : opts.exportReadiness
          ? { exportReadiness: JSON.parse(readFileSync(opts.exportReadiness, 'utf8')) }
          : certificationId
            ? { certificationId }
            : fail('name a certification id, --export-readiness <file> or --credential <file>');
      try {
        const since =
          opts.since === undefined ? undefined : existsSync(opts.since) ? readFileSync(opts.since, 'utf8') : fail(`--since ${opts.since}: no such file`);
        const bundle = await fetchEvidence(opts.registry, source, since);
        mkdirSync(opts.out, { recursive: true });
        for (const [name, content] of Object.entries(bundle.files)) writeFileSync(join(opts.out, name), content);
        process.stdout.write(
          `${Object.keys(bundle.files)
            .map((f) => `wrote ${join(opts.out, f)}`)
            .join('\n')}\nnow, offline: npx registry verify ${opts.out}\n`,
        );
        for (const warning of bundle.warnings) process.stderr.write(`warning: ${warning}\n`);
      } catch (e) {
        fail((e as Error).message);
      }
    },
  );

registerOperatorCommands(program);

program.parseAsync().catch((e: Error) => fail(e.message));
