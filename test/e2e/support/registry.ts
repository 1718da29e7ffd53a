import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { EVENT_STORE, EventStore, SqlDatabase } from '@registry/event-store';
import { READ_DB } from '../../../apps/registry-api/src/infrastructure/event-store.providers';
import { createRegistryApp } from '../../../apps/registry-api/src/main';
import { loadConfig } from '../../../apps/registry-api/src/config/registry.config';
import { loadOrCreateLocalKeys, RegistryClaims, signToken } from '../../../apps/registry-api/src/auth/local-keys';

export interface GraphQLErrorBody {
  message: string;
  extensions: { code: string; reason: string; fields?: { field: string; problems: string[] }[]; [k: string]: unknown };
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: GraphQLErrorBody[];
}

/**
 * A registry running for real: embedded PGlite in a temporary data directory, listening on a free port,
 * driven over HTTP exactly as a client would.
 */
export class RunningRegistry {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly dataDir: string,
  ) {}

  /**
   * `env`: extra environment for this registry only, e.g. `{ GRAPHQL_MAX_DEPTH: '3' }`.
   *
   * Without a `dataDir` of its own (and not on PostgreSQL), the registry starts from a copy of the data directory
   * one earlier registry of this jest run left after its first start and a clean stop, demo catalog loaded or not
   * (see `template`): the same log, read models and keys a first start writes, in 0.6 s instead of 4.4 s with the
   * demo catalog on an idle machine. Suites about the first start itself pass their own `dataDir`, or `fresh`.
   */
  static async start(options: { dataDir?: string; seedDemo?: boolean; env?: NodeJS.ProcessEnv; fresh?: boolean } = {}): Promise<RunningRegistry> {
    const fromTemplate = !options.fresh && !options.dataDir && !options.env?.DATABASE_URL;
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'registry-e2e-'));
    if (fromTemplate) {
      const template = await templateOf(Boolean(options.seedDemo));
      if (template) cpSync(template, dataDir, { recursive: true });
    }
    // Suites send hundreds of requests a second from one address; the rate limit has its own tests, which turn it on.
    const env = {
      REGISTRY_DATA_DIR: dataDir,
      AUTH_KEY_DIR: join(dataDir, 'auth'),
      REGISTRY_SEED_DEMO: options.seedDemo ? '1' : '0',
      LOG_LEVEL: 'warn',
      PORT: '0',
      RATE_LIMIT_ENABLED: '0',
      ...options.env,
    };
    const config = loadConfig(env);
    const app = await createRegistryApp(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    return new RunningRegistry(app, `http://127.0.0.1:${address.port}/graphql`, dataDir);
  }

  get store(): EventStore {
    return this.app.get(EVENT_STORE);
  }

  /** The read-model database (PGlite or PostgreSQL: the store's own), for checks and fault injection. */
  get db(): SqlDatabase {
    return this.app.get(READ_DB);
  }

  async eventCount(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
    return rows[0].n;
  }

  /**
   * Sends a request that must be refused with `expected` (`CODE/REASON`, the only error) and must append
   * nothing to the log; returns the response for further checks.
   */
  async refused(send: () => Promise<GraphQLResponse>, expected: string): Promise<GraphQLResponse & { errors: GraphQLErrorBody[] }> {
    const before = await this.eventCount();
    const response = await send();
    expect(errorCodes(response)).toEqual([expected]);
    expect(await this.eventCount()).toBe(before);
    return response as GraphQLResponse & { errors: GraphQLErrorBody[] };
  }

  /**
   * Sends a request that must be refused as bad input naming exactly `field` (a dotted path for nested
   * inputs, e.g. `results.0.requirementId`), in `extensions.fields` and in the message (without list
   * indices), appending nothing.
   */
  async refusedNaming(send: () => Promise<GraphQLResponse>, field: string): Promise<GraphQLResponse & { errors: GraphQLErrorBody[] }> {
    const r = await this.refused(send, 'BAD_USER_INPUT/INPUT.INVALID');
    expect(fieldsOf(r)).toEqual([field]);
    expect(r.errors[0].message).toContain(
      field
        .split('.')
        .filter((part) => !/^\d+$/.test(part))
        .join('.'),
    );
    return r;
  }

  async token(role: RegistryClaims['role'], sub: string, actingFor?: string, expiresIn = '1h'): Promise<string> {
    const { privateKey } = await loadOrCreateLocalKeys(join(this.dataDir, 'auth'));
    return signToken(privateKey, { sub, role, acting_for: actingFor }, expiresIn);
  }

  async gql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  async stop(options: { keepData?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (!options.keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The data directory of a registry after its first start (with the demo catalog or without) and a clean stop, made
 * once per jest run by whichever suite asks first: REGISTRY_TEST_TEMPLATES (set by the global setup) names the
 * directory; a lock directory makes one worker build it while the others wait for the finished copy to appear.
 * Undefined (start fresh) outside a jest run that set it up.
 */
async function templateOf(seedDemo: boolean): Promise<string | undefined> {
  const root = process.env.REGISTRY_TEST_TEMPLATES;
  if (!root) return undefined;
  const template = join(root, seedDemo ? 'demo' : 'empty');
  if (existsSync(template)) return template;
  try {
    mkdirSync(`${template}.lock`);
  } catch {
    const deadline = Date.now() + 120_000;
    while (!existsSync(template)) {
      if (Date.now() > deadline || !existsSync(`${template}.lock`)) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return template;
  }
  try {
    const building = `${template}.building`;
    rmSync(building, { recursive: true, force: true });
    const registry = await RunningRegistry.start({ dataDir: building, seedDemo, fresh: true });
    await registry.stop({ keepData: true });
    renameSync(building, template);
    return template;
  } finally {
    rmSync(`${template}.lock`, { recursive: true, force: true });
  }
}

/** The error codes of a response, as `CODE/REASON` pairs, for one-line assertions. */
export const errorCodes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => `${e.extensions.code}/${e.extensions.reason}`);

/** The fields an input refusal names (`extensions.fields`), in order. */
export const fieldsOf = (r: GraphQLResponse) => (r.errors?.[0]?.extensions.fields ?? []).map((f) => f.field);

/** The data of a response that must have no errors. */
export const ok = <T = any>(r: GraphQLResponse<T>): T => {
  expect(r.errors).toBeUndefined();
  return r.data as T;
};
