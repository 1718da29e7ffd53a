import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { Actor, isRegistryError, RegistryError } from '@registry/kernel';
import { AuthService } from '../auth/auth.service';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { RateLimitConfig } from '../config/query-limits.config';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number; readonly limit: number; readonly key: string };

/**
 * Requests per client, counted once per HTTP request when the GraphQL context is built (before parsing), so a
 * refused request costs almost nothing and its 429 reaches the client as such. A resolver guard (e.g.
 * @nestjs/throttler's GqlThrottlerGuard) runs inside execution, once per root field, and Nest's Apollo
 * driver resets a resolver error's HTTP status to 200 when the body has `data`.
 *
 * A token bucket per key: refilled at `limit` per window, holding `burstSeconds` worth of requests. O(1) per request and per
 * key; @nestjs/throttler's in-memory storage keeps one timestamp per hit and filters them on every request,
 * which is O(limit).
 *
 * Anonymous callers are counted by IP address; authenticated ones by token subject, from any address, so a
 * firm's integration is not throttled by anonymous traffic from its NAT. In memory, per process: several
 * instances each allow the limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  check(actor: Actor | undefined, ip: string): RateDecision {
    if (!this.config.enabled) return { allowed: true };
    const [key, limit] = actor ? [`subject:${actor.subject}`, this.config.authenticatedPerSubject] : [`ip:${ip}`, this.config.anonymousPerIp];
    return this.take(key, limit);
  }

  private take(key: string, limit: number): RateDecision {
    const now = this.now();
    const windowMs = this.config.windowSeconds * 1000;
    const perMs = limit / windowMs;
    // At least one request, at most the window's: a burst never allows more than the limit itself.
    const capacity = Math.max(1, Math.min(limit, (limit * this.config.burstSeconds) / this.config.windowSeconds));
    this.sweep(now, windowMs);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)), limit, key };
  }

  /** A bucket idle for a whole window is full again, the same as no bucket: dropping it bounds the map. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt >= windowMs) this.buckets.delete(key);
  }
}

/** HTTP 429 with Retry-After; Apollo takes the status and headers from `extensions.http`. */
export const tooManyRequests = (decision: Extract<RateDecision, { allowed: false }>, windowSeconds: number) =>
  new GraphQLError(
    `Rate limit of ${decision.limit} requests per ${windowSeconds} s exceeded for this ${decision.key.startsWith('ip:') ? 'address' : 'token subject'}; retry after ${decision.retryAfterSeconds} s (RATE_LIMIT_${decision.key.startsWith('ip:') ? 'ANONYMOUS' : 'AUTHENTICATED'}).`,
    {
      extensions: {
        // The error mapping keeps its closed set of codes (no TOO_MANY_REQUESTS); the status and reason say it.
        code: 'BAD_USER_INPUT',
        reason: 'RATE_LIMIT.EXCEEDED',
        http: { status: 429, headers: new HeaderMap([['retry-after', String(decision.retryAfterSeconds)]]) },
      },
    },
  );

/** What the admission step learned about a request: who sent it (or why its token failed). */
export interface Admission {
  readonly actor: Actor | undefined;
  readonly authError?: RegistryError;
}

type AdmittedRequest = IncomingMessage & { ip?: string; registryAdmission?: Admission };

/**
 * Who may come in, decided before the request body is read: the bearer token is verified and the client's
 * bucket taken. A refused request (429) then costs a token check and no JSON parse of a body the client
 * chose the size of — under a flood that parse was what slowed everyone else (docs/benchmarks.md, bench:http).
 * The GraphQL context reuses the outcome (`admissionOf`), so a token is verified once per request.
 */
@Injectable()
export class RequestAdmission {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    private readonly auth: AuthService,
  ) {
    this.limiter = new RateLimiter(config.queryLimits.rateLimit);
  }

  readonly middleware = (req: AdmittedRequest, res: ServerResponse, next: (error?: unknown) => void): void => {
    // Probes and the plain-HTTP documents of operators are not metered.
    if (req.url?.startsWith('/health')) return next();
    this.admit(req).then((refusal) => {
      if (!refusal) return next();
      res.statusCode = 429;
      res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
      // The body is never read: closing the connection spares draining it, and a flooding client must reconnect.
      res.setHeader('Connection', 'close');
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: 'BAD_USER_INPUT', reason: 'RATE_LIMIT.EXCEEDED' } }] }));
    }, next);
  };

  /**
   * A WebSocket upgrade bypasses the middleware above; subscriptions/websocket-admission.ts takes its request
   * from the same buckets, by address (the token comes later, in connection_init).
   */
  admitUpgrade(ip: string): RateDecision {
    return this.limiter.check(undefined, ip);
  }

  private async admit(req: AdmittedRequest): Promise<{ retryAfterSeconds: number; message: string } | undefined> {
    const ip = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
    let admission: Admission;
    try {
      admission = { actor: await this.auth.actorFrom(req.headers.authorization) };
    } catch (error) {
      if (!isRegistryError(error)) throw error;
      // Bad tokens count against the address, so guessing tokens is throttled too.
      admission = { actor: undefined, authError: error };
    }
    req.registryAdmission = admission;
    const decision = this.limiter.check(admission.authError ? undefined : admission.actor, ip);
    if (decision.allowed) return undefined;
    return { retryAfterSeconds: decision.retryAfterSeconds, message: tooManyRequests(decision, this.config.queryLimits.rateLimit.windowSeconds).message };
  }
}

/** The admission decided for this request before its body was read. */
export const admissionOf = (req: object): Admission | undefined => (req as AdmittedRequest).registryAdmission;
