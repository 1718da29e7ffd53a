import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, CommandMetadata, unauthenticated } from '@registry/kernel';

/** What every resolver can know about the request it serves. */
export interface RequestContext {
  /** Undefined for anonymous callers. */
  readonly actor: Actor | undefined;
  readonly requestId: string;
  readonly correlationId: string;
}

export const RequestCtx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(ctx).getContext<RequestContext>(),
);

const CORRELATION = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestContext = (actor: Actor | undefined, correlationHeader: string | undefined): RequestContext => {
  const requestId = randomUUID();
  return { actor, requestId, correlationId: correlationHeader && CORRELATION.test(correlationHeader) ? correlationHeader : requestId };
};

/** The metadata a write carries onto its events; a write needs an authenticated actor. */
export const commandMetadata = (ctx: RequestContext, idempotencyKey?: string | null): CommandMetadata => {
  if (!ctx.actor) throw unauthenticated('AUTH.REQUIRED', 'This operation needs a bearer token.');
  return {
    actor: ctx.actor,
    issuedAt: new Date().toISOString(),
    correlationId: ctx.correlationId,
    causationId: ctx.requestId,
    commandId: randomUUID(),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
};
