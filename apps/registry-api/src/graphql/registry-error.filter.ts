import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { logUnexpected } from './error-mapping';

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
      const body = error.getResponse();
      response.status(error.getStatus()).json(typeof body === 'object' ? body : { statusCode: error.getStatus(), message: body });
      return undefined;
    }
    const errorId = logUnexpected(error);
    response.status(500).json({ statusCode: 500, message: 'Internal server error', errorId });
    return undefined;
  }
}
