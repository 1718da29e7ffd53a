import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Actor } from '@registry/kernel';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { requestContext } from '../graphql/request-context';
import { RequestAdmission, tooManyRequests } from '../graphql/throttling';
import { GracefulShutdown } from '../infrastructure/graceful-shutdown';
import { RegistryMetrics } from '../operations/metrics';
import { CORRELATION_HEADER, logWebSocketVisit } from '../operations/request-log';
import { SUBSCRIPTIONS_CONFIG, SubscriptionsConfig } from './subscriptions.config';

/** Counts per key; a key at zero is dropped, so the map holds only clients with something open. */
export class Tally {
  private readonly counts = new Map<string, number>();

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string): void {
    this.counts.set(key, this.count(key) + 1);
  }

  remove(key: string): void {
    const n = this.count(key) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }

  /** Keys with a count (for tests: nothing may be left once every socket has closed). */
  get size(): number {
    return this.counts.size;
  }
}

/** One upgrade to /graphql, from the upgrade request to its socket's close. */
export interface Visit {
  readonly correlationId: string;
  readonly address: string;
  readonly path: string;
  readonly started: bigint;
  /** Whom the connection counts against: `ip:<address>` until connection_init verifies a token, then `subject:<sub>`. */
  client: string;
  actor?: Actor;
  /** Why it was refused or ended, when not simply closed. */
  outcome?: string;
  closeCode?: number;
  subscriptions: number;
  closed: boolean;
}

/** The path GqlSubscriptionService hands to the WebSocket server (its own test is the same prefix test). */
const GRAPHQL_PATH = '/graphql';
const pathOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0];
const elapsedMs = (started: bigint) => Math.round(Number(process.hrtime.bigint() - started) / 1e6);

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Who may open a WebSocket, decided when the upgrade request arrives, before the handshake: a refusal is a
 * plain HTTP answer (429 or 503) on the raw socket, so a flood costs a header parse and a write, no WebSocket
 * and no graphql-ws state. The upgrade bypasses main.ts' middleware, so this does what they do for it:
 * answers 503 while draining, takes a request from the client's rate-limit bucket (RequestAdmission's, shared
 * with HTTP, by address), and caps the connections one address holds before a token is verified
 * (SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT). Once connection_init verifies a token, SubscriptionGate moves the
 * connection to its subject's count (`identify`). A connection's slot is given back when its TCP socket
 * closes, however it closes (a close frame, a reset, the keep-alive's terminate), and its log line written.
 *
 * The address is the socket's, as RequestAdmission's is: the app sets no `trust proxy`, so Express' req.ip is
 * the socket's address too and X-Forwarded-For is ignored by both. Start-up fails if `trust proxy` is ever set,
 * rather than letting the two disagree.
 */
@Injectable()
export class WebSocketAdmission implements OnApplicationBootstrap {
  private readonly visits = new WeakMap<IncomingMessage, Visit>();
  /** Open connections per client (`ip:…` or `subject:…`). */
  readonly connections = new Tally();
  private open = 0;
  private log: Logger | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly requests: RequestAdmission,
    private readonly shutdown: GracefulShutdown,
    private readonly metrics: RegistryMetrics,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly limits: SubscriptionsConfig,
  ) {}

  /** WebSocket connections open now. */
  get openConnections(): number {
    return this.open;
  }

  /**
   * The GraphQL module added its upgrade listener (GqlSubscriptionService) in its onModuleInit; it is put
   * behind this admission, so it sees only upgrades admitted here. Other paths go straight to it, as before.
   */
  onApplicationBootstrap(): void {
    const express = this.adapterHost.httpAdapter.getInstance() as { get?(setting: string): unknown };
    if (express.get?.('trust proxy'))
      throw new Error(
        'trust proxy is set: the WebSocket upgrade counts clients by socket address (subscriptions/websocket-admission.ts); make it follow req.ip first',
      );
    this.log = PinoLogger.root;
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const downstream = server.listeners('upgrade') as UpgradeListener[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (pathOf(req).startsWith(GRAPHQL_PATH) && !this.admit(req, socket)) return;
      for (const listener of downstream) listener.call(server, req, socket, head);
    });
  }

  /** The upgrade's record (SubscriptionGate finds it through graphql-ws' `extra.request`). */
  visitOf(request: IncomingMessage): Visit | undefined {
    return this.visits.get(request);
  }

  /**
   * After connection_init verified a token: the connection counts against its subject, no longer its address
   * (so a client behind a shared address is not held to the address's share once it is known). Returns the
   * refusal reason when the subject already holds its share.
   */
  identify(visit: Visit, actor: Actor | undefined): 'SUBSCRIPTION.TOO_MANY_CONNECTIONS' | undefined {
    visit.actor = actor;
    if (!actor || visit.closed) return undefined;
    const client = `subject:${actor.subject}`;
    if (this.connections.count(client) >= this.limits.connectionsPerClient) return 'SUBSCRIPTION.TOO_MANY_CONNECTIONS';
    this.connections.remove(visit.client);
    this.connections.add(client);
    visit.client = client;
    return undefined;
  }

  private admit(req: IncomingMessage, socket: Duplex): boolean {
    const started = process.hrtime.bigint();
    const address = req.socket.remoteAddress ?? 'unknown';
    const header = req.headers[CORRELATION_HEADER];
    const correlationId = requestContext(undefined, typeof header === 'string' ? header : undefined).correlationId;
    const visit: Visit = { correlationId, address, path: pathOf(req), started, client: `ip:${address}`, subscriptions: 0, closed: false };

    if (this.shutdown.isDraining) {
      const retryAfter = Math.max(1, Math.ceil(this.config.shutdown.drainSeconds));
      return this.refuse(socket, visit, 503, 'SERVER.SHUTTING_DOWN', 'The registry is shutting down: retry shortly (another instance may answer).', {
        code: 'SERVICE_UNAVAILABLE',
        retryAfter,
      });
    }
    const rate = this.requests.admitUpgrade(address);
    if (!rate.allowed)
      return this.refuse(socket, visit, 429, 'RATE_LIMIT.EXCEEDED', tooManyRequests(rate, this.config.queryLimits.rateLimit.windowSeconds).message, {
        retryAfter: rate.retryAfterSeconds,
      });
    if (this.connections.count(visit.client) >= this.limits.connectionsPerClient)
      return this.refuse(
        socket,
        visit,
        429,
        'SUBSCRIPTION.TOO_MANY_CONNECTIONS',
        `This address holds its maximum of ${this.limits.connectionsPerClient} WebSocket connections without a verified token (SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT); close one first.`,
      );

    this.connections.add(visit.client);
    this.open++;
    this.metrics.websocketConnections.set(this.open);
    this.metrics.websocketUpgrades.inc({ outcome: 'accepted' });
    this.visits.set(req, visit);
    socket.once('close', () => {
      visit.closed = true;
      this.connections.remove(visit.client);
      this.open--;
      this.metrics.websocketConnections.set(this.open);
      // The WebSocket's own close (and graphql-ws' onClose, which notes the close code) follows the socket's
      // within the same turn of the event loop; the line waits for it.
      setImmediate(() => this.written(visit, visit.closeCode === undefined && visit.outcome === undefined ? undefined : 101));
    });
    return true;
  }

  /** An HTTP answer on the raw socket, as the ws library's own refusals are written; then the socket is closed. */
  private refuse(
    socket: Duplex,
    visit: Visit,
    status: 429 | 503,
    reason: string,
    message: string,
    options: { code?: string; retryAfter?: number } = {},
  ): false {
    const body = JSON.stringify({ errors: [{ message, extensions: { code: options.code ?? 'BAD_USER_INPUT', reason } }] });
    const head = [
      `HTTP/1.1 ${status} ${status === 429 ? 'Too Many Requests' : 'Service Unavailable'}`,
      'Connection: close',
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `${CORRELATION_HEADER}: ${visit.correlationId}`,
      ...(options.retryAfter ? [`Retry-After: ${options.retryAfter}`] : []),
    ];
    socket.on('error', () => socket.destroy());
    socket.once('finish', () => socket.destroy());
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
    visit.outcome = reason;
    visit.closed = true;
    const outcome = reason === 'SERVER.SHUTTING_DOWN' ? 'draining' : reason === 'RATE_LIMIT.EXCEEDED' ? 'rate_limited' : 'too_many_connections';
    this.metrics.websocketUpgrades.inc({ outcome });
    this.written(visit, status);
    return false;
  }

  private written(visit: Visit, statusCode: number | undefined): void {
    if (!this.log) return;
    logWebSocketVisit(this.log, {
      correlationId: visit.correlationId,
      path: visit.path,
      remoteAddress: visit.address,
      statusCode,
      outcome: visit.outcome ?? (statusCode === undefined ? 'WEBSOCKET.HANDSHAKE_REFUSED' : 'closed'),
      durationMs: elapsedMs(visit.started),
      subject: visit.actor?.subject,
      role: visit.actor?.role,
      closeCode: visit.closeCode,
      subscriptions: visit.subscriptions,
    });
  }
}
