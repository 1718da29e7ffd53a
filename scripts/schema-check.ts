/**
 * Breaking-change check of the public GraphQL contract: `npm run schema:check`.
 *
 * Diffs the schema built from schema/*.graphql against the committed baseline (schema/baseline/schema.graphql)
 * with @graphql-inspector/core. Additions pass; a BREAKING change fails unless it is recorded, with a reason, in
 * schema/baseline/accepted-breaking-changes.json (`{ "changes": [{ "path": "Type.field", "type": "FIELD_REMOVED",
 * "reason": "…" }] }`). DANGEROUS changes (a new enum value, a new interface on a type, …) are listed, not failed.
 *
 *   npm run schema:check                 check
 *   npm run schema:check -- --update     make the current schema the baseline (after a release; keeps records
 *                                        that still match a change, drops the others)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { Change, CriticalityLevel, diff } from '@graphql-inspector/core';

const SCHEMA_DIR = join(__dirname, '..', 'schema');
const BASELINE = join(SCHEMA_DIR, 'baseline', 'schema.graphql');
const ACCEPTED = join(SCHEMA_DIR, 'baseline', 'accepted-breaking-changes.json');

interface AcceptedChange {
  readonly path: string;
  readonly type: string;
  readonly reason: string;
}

/** The served schema: every top-level SDL file, extensions applied (as Nest's typePaths load them). */
export const currentSchema = (): GraphQLSchema => {
  const files = readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  return buildSchema(files.map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8')).join('\n'));
};

const accepted = (): AcceptedChange[] => (existsSync(ACCEPTED) ? (JSON.parse(readFileSync(ACCEPTED, 'utf8')).changes as AcceptedChange[]) : []);
const isAccepted = (change: Change, list: readonly AcceptedChange[]) => list.some((a) => a.type === change.type && a.path === change.path);

/** The diff of `current` against `baseline`, split by criticality; breaking changes not in `list` are `unrecorded`. */
export const checkSchemas = async (baseline: GraphQLSchema, current: GraphQLSchema, list: readonly AcceptedChange[]) => {
  const changes = await diff(baseline, current);
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking);
  const dangerous = changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous);
  return { breaking, dangerous, unrecorded: breaking.filter((c) => !isAccepted(c, list)), additions: changes.length - breaking.length - dangerous.length };
};

const main = async () => {
  const current = currentSchema();
  if (process.argv.includes('--update')) {
    writeFileSync(BASELINE, `${printSchema(lexicographicSortSchema(current))}\n`);
    console.log(`baseline updated: ${BASELINE}`);
    return;
  }
  if (!existsSync(BASELINE)) throw new Error(`no baseline at ${BASELINE}: run npm run schema:check -- --update once`);
  const baseline = buildSchema(readFileSync(BASELINE, 'utf8'));
  const list = accepted();
  const { breaking, dangerous, unrecorded, additions } = await checkSchemas(baseline, current, list);
  console.log(
    `schema:check against ${BASELINE}: ${additions} non-breaking, ${dangerous.length} dangerous, ${breaking.length} breaking (${breaking.length - unrecorded.length} recorded)`,
  );
  for (const c of dangerous) console.log(`  dangerous: ${c.message}${c.criticality.reason ? ` (${c.criticality.reason})` : ''}`);
  for (const c of breaking.filter((b) => isAccepted(b, list))) console.log(`  breaking, recorded: ${c.message}`);
  if (unrecorded.length) {
    for (const c of unrecorded) console.error(`  BREAKING: ${c.message}  [${c.type} at ${c.path}]`);
    console.error(
      `\n${unrecorded.length} breaking change(s) to the public schema. Make the change additive (a new field, a deprecation), or record it with a reason in ${ACCEPTED}.`,
    );
    process.exitCode = 1;
  }
};

if (require.main === module)
  main().catch((e) => {
    console.error(`schema:check: ${(e as Error).message}`);
    process.exitCode = 2;
  });
