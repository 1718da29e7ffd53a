import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { logUnexpected } from './error-mapping';

interface HttpRequest {
  path?: string;
}

interface HttpResponse {
  headersSent?: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): unknown;
}

/**
 * Every failure goes to the one error mapping (error-mapping.ts), untouched and unlogged here. Refusals are
 * answers, not faults; unexpected errors are logged there once, by id and code, without their message.
 * Nest's default handler would log the whole error object instead: its message and every enumerable
 * property, which for a database error are the statement's parameters.
 */
const REQUEST_REFUSALS: Record<number, string> = { 400: 'REQUEST.MALFORMED', 413: 'REQUEST.TOO_LARGE', 415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' };

const refusalMessage = (status: number, message: string) =>
  status === 413
    ? 'The request body is larger than the 100 KB the registry accepts.'
    : status === 400
      ? `The request body is not valid JSON (${message}).`
      : message;

@Catch()
export class RegistryErrorFilter implements GqlExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') {
      // graphql-js treats a returned Error as thrown; anything else thrown is wrapped so it is not taken for a value.
      return error instanceof Error ? error : new Error('A non-Error value was thrown.');
    }
    // Plain HTTP (an unknown route, a body the parser refused): answered as Nest would, logged as above.
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return undefined;
    if (error instanceof HttpException) {
      const request = host.switchToHttp().getRequest<HttpRequest>();
      // A GraphQL client gets a GraphQL-shaped refusal even when the body parser stopped the request.
      if (request.path === '/graphql') {
        const status = error.getStatus();
        const reason = REQUEST_REFUSALS[status] ?? 'REQUEST.REFUSED';
        response.status(status).json({ errors: [{ message: refusalMessage(status, error.message), extensions: { code: 'BAD_USER_INPUT', reason } }] });
        return undefined;
      }
      const body = error.getResponse();
      response.status(error.getStatus()).json(typeof body === 'object' ? body : { statusCode: error.getStatus(), message: body });
      return undefined;
    }
    const errorId = logUnexpected(error);
    response.status(500).json({ statusCode: 500, message: 'Internal server error', errorId });
    return undefined;
  }
}
