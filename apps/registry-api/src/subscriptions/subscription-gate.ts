import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ExecutionArgs, getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate } from 'graphql';
import type { Context, ServerOptions, SubscribePayload } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { decodeJwt } from 'jose';
import { Actor, isRegistryError } from '@registry/kernel';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { AuthService } from '../auth/auth.service';
import { HistoryService } from '../history/history.service';
import { formatError } from '../graphql/error-mapping';
import { operationCost, queryRefused, queryShapeRules, tokenLimitRefusal } from '../graphql/cost-limits';
import { RequestLoaders } from '../graphql/loaders';
import { requestContext } from '../graphql/request-context';
import { SUBSCRIPTIONS_CONFIG, SubscriptionsConfig } from './subscriptions.config';

/** graphql-ws close codes: 4403 Forbidden is what its client treats as "do not retry with these credentials". */
const FORBIDDEN = 4403;

interface Connection {
  readonly actor: Actor | undefined;
  readonly subscriptions: Set<string>;
  expiry?: NodeJS.Timeout;
}

type WsExtra = { socket: WebSocket; request: { headers: Record<string, string | string[] | undefined> } };
type WsContext = Context<Record<string, unknown> | undefined, WsExtra>;

/**
 * Who may open a WebSocket and what it may ask over it. The bearer token comes in
 * `connectionParams.authorization` and is verified like an HTTP request's (a token that does not verify
 * closes the connection with 4403 and the refusal's reason; none means anonymous); the connection is closed
 * when the token expires. Each subscription document passes the same limits as a query (tokens, fields,
 * depth, aliases, directives, cost) and counts against a per-connection and an instance-wide cap. Only
 * subscriptions are served here: queries and mutations go over HTTP, where the rate limit applies.
 */
@Injectable()
export class SubscriptionGate {
  private readonly connections = new Map<WsContext, Connection>();
  private active = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly queries: QueryBus,
    private readonly history: HistoryService,
    private readonly moduleRef: ModuleRef,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly limits: SubscriptionsConfig,
  ) {}

  /** Subscriptions open on this instance now. */
  get activeSubscriptions(): number {
    return this.active;
  }

  /**
   * The `graphql-ws` options for the Apollo driver's `subscriptions` setting. Nest's type names only some of
   * them, but passes all of them to graphql-ws's `useServer` (onComplete and onError included).
   */
  serverOptions(): ServerOptions<Record<string, unknown> | undefined, unknown> {
    return {
      connectionInitWaitTimeout: 5_000,
      onConnect: (ctx) => this.connect(ctx as WsContext),
      onSubscribe: (ctx, id, payload) => this.subscribe(ctx as WsContext, id, payload),
      onComplete: (ctx, id) => this.release(ctx as WsContext, id),
      onClose: (ctx) => this.disconnect(ctx as WsContext),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : undefined),
    };
  }

  private async connect(ctx: WsContext): Promise<boolean> {
    const authorization = ctx.connectionParams?.authorization;
    try {
      if (authorization !== undefined && typeof authorization !== 'string') throw new Error('AUTH.MALFORMED_HEADER');
      const actor = await this.auth.actorFrom(authorization);
      const connection: Connection = { actor, subscriptions: new Set() };
      if (actor && authorization) {
        // Verified above; only its expiry is read here.
        const exp = decodeJwt(authorization.replace(/^Bearer\s+/i, '').trim()).exp;
        if (exp) connection.expiry = setTimeout(() => ctx.extra.socket.close(FORBIDDEN, 'AUTH.TOKEN_EXPIRED'), Math.max(0, exp * 1000 - Date.now()));
      }
      this.connections.set(ctx, connection);
      return true;
    } catch (error) {
      const reason = isRegistryError(error) ? error.code : 'AUTH.MALFORMED_HEADER';
      // The close reason tells the client why; returning false alone would say only "Forbidden".
      ctx.extra.socket.close(FORBIDDEN, reason);
      return false;
    }
  }

  private subscribe(ctx: WsContext, id: string, payload: SubscribePayload): ExecutionArgs | readonly GraphQLError[] {
    const connection = this.connections.get(ctx);
    if (!connection) return [queryRefused('SUBSCRIPTION.NOT_CONNECTED', 'The connection is not initialised.')];
    const limits = this.config.queryLimits;
    const oversized = tokenLimitRefusal(payload.query, limits);
    if (oversized) return [oversized];
    let document;
    try {
      document = parse(payload.query, { maxTokens: limits.maxTokens });
    } catch (error) {
      return [
        error instanceof GraphQLError
          ? queryRefused('GRAPHQL.GRAPHQL_PARSE_FAILED', error.message)
          : queryRefused('GRAPHQL.GRAPHQL_PARSE_FAILED', 'The document does not parse.'),
      ];
    }
    const schema = this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    const errors = validate(schema, document, [...specifiedRules, ...queryShapeRules(limits)]);
    if (errors.length > 0) return errors;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [queryRefused('GRAPHQL.OPERATION_RESOLUTION_FAILURE', 'Name the operation to run (operationName).')];
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
      return [queryRefused('SUBSCRIPTION.SUBSCRIPTIONS_ONLY', 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.')];
    const cost = operationCost({ schema, document, operation, variables: payload.variables ?? {} });
    if (cost > limits.maxCost)
      return [queryRefused('QUERY.TOO_COSTLY', `Query cost limit of ${limits.maxCost} exceeded, found ${cost} (GRAPHQL_MAX_COST). Select fewer nested lists.`)];
    if (connection.subscriptions.size >= this.limits.perConnection)
      return [
        queryRefused(
          'SUBSCRIPTION.TOO_MANY_ON_CONNECTION',
          `A connection may hold at most ${this.limits.perConnection} subscriptions (SUBSCRIPTIONS_PER_CONNECTION); complete one first.`,
        ),
      ];
    if (this.active >= this.limits.total)
      return [
        queryRefused(
          'SUBSCRIPTION.TOO_MANY',
          `This instance holds its maximum of ${this.limits.total} subscriptions (SUBSCRIPTIONS_MAX); retry later or on another instance.`,
        ),
      ];
    connection.subscriptions.add(id);
    this.active++;
    const loaders = new RequestLoaders(this.queries, this.history, connection.actor);
    // A subscription lives long: cached stream reads would show a later notification an old history.
    loaders.uncached();
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: { ...requestContext(connection.actor, undefined), loaders },
    };
  }

  private release(ctx: WsContext, id: string): void {
    if (this.connections.get(ctx)?.subscriptions.delete(id)) this.active--;
  }

  private disconnect(ctx: WsContext): void {
    const connection = this.connections.get(ctx);
    if (!connection) return;
    clearTimeout(connection.expiry);
    this.active -= connection.subscriptions.size;
    this.connections.delete(ctx);
  }
}
