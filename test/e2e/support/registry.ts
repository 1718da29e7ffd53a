import { mkdtempSync, rmSync } from 'node:fs';
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

  /** `env`: extra environment for this registry only, e.g. `{ GRAPHQL_MAX_DEPTH: '3' }`. */
  static async start(options: { dataDir?: string; seedDemo?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<RunningRegistry> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'registry-e2e-'));
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

/** The error codes of a response, as `CODE/REASON` pairs, for one-line assertions. */
export const errorCodes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => `${e.extensions.code}/${e.extensions.reason}`);

/** The fields an input refusal names (`extensions.fields`), in order. */
export const fieldsOf = (r: GraphQLResponse) => (r.errors?.[0]?.extensions.fields ?? []).map((f) => f.field);

/** The data of a response that must have no errors. */
export const ok = <T = any>(r: GraphQLResponse<T>): T => {
  expect(r.errors).toBeUndefined();
  return r.data as T;
};
