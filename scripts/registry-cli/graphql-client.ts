import { setTimeout as sleep } from 'node:timers/promises';

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; reason?: string };
}

/** A refusal the registry answered: `CODE/REASON` as in its error extensions. */
export class RegistryRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The GraphQL endpoint from `--url`: a base URL gets `/graphql` appended. */
export const graphqlUrl = (url: string): string => {
  const u = new URL(url);
  if (!/\/graphql\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/+$/, '')}/graphql`;
  return u.toString();
};

const RETRY_STATUS = new Set([429, 502, 503, 504]);

/**
 * Refusals that say "try again", not "no": a concurrent write on the same stream won the race after the registry's
 * own retries (many rows of one certifier at once), the store was briefly unreachable, or the read models had not
 * caught up with a write that is stored. Sending the same request again is safe only because it carries the same
 * idempotency key; the importer's always do.
 */
export const RETRYABLE_REASONS = new Set([
  'EVENT_STORE.STALE_DECISION_TIME',
  'EVENT_STORE.WRONG_EXPECTED_VERSION',
  'EVENT_STORE.UNAVAILABLE',
  'PROJECTION.LAGGING',
]);

/**
 * Posts GraphQL operations to a registry with a bearer token. Transport failures, 429/5xx busy answers and the
 * retryable refusals above are retried with exponential backoff (safe for the importer's mutations: each carries an idempotency key); a
 * GraphQL error is a refusal, thrown as RegistryRefusal with its `CODE/REASON`.
 */
export class GraphQLClient {
  constructor(
    readonly url: string,
    private readonly token: string | undefined,
    private readonly retries = 5,
  ) {}

  async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
      } catch (e) {
        if (attempt >= this.retries) throw new RegistryRefusal('CLI.UNREACHABLE', `${this.url}: ${(e as Error).message}`);
        await sleep(100 * 2 ** attempt);
        continue;
      }
      if (RETRY_STATUS.has(response.status) && attempt < this.retries) {
        await response.body?.cancel();
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 30) * 1000 : 100 * 2 ** attempt);
        continue;
      }
      let body: { data?: T; errors?: GraphQLError[] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new RegistryRefusal(`HTTP/${response.status}`, `${this.url} answered HTTP ${response.status} without a GraphQL body`);
      }
      if (body.errors?.length) {
        const e = body.errors[0];
        if (attempt < this.retries && RETRYABLE_REASONS.has(e.extensions?.reason ?? '')) {
          await sleep(50 * 2 ** attempt + Math.random() * 50);
          continue;
        }
        throw new RegistryRefusal(`${e.extensions?.code ?? 'GRAPHQL'}/${e.extensions?.reason ?? 'ERROR'}`, e.message);
      }
      if (!body.data) throw new RegistryRefusal(`HTTP/${response.status}`, `${this.url} answered HTTP ${response.status} with no data`);
      return body.data;
    }
  }
}
