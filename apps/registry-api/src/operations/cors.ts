import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import type { OperationsConfig } from './operations.config';
import { CORRELATION_HEADER } from './request-log';

/**
 * CORS for browser clients on other origins (CORS_ORIGINS), off by default. Tokens travel in the
 * Authorization header, never in cookies, so credentials are never allowed. The preflight admits the
 * headers Apollo's CSRF prevention asks of simple requests, so a cross-origin GET query can carry one.
 */
export const corsOptions = (config: OperationsConfig): CorsOptions | undefined =>
  config.cors.kind === 'none'
    ? undefined
    : {
        origin: config.cors.kind === 'any' ? '*' : [...config.cors.origins],
        methods: ['GET', 'POST'],
        allowedHeaders: ['content-type', 'authorization', CORRELATION_HEADER, 'apollo-require-preflight', 'x-apollo-operation-name'],
        exposedHeaders: [CORRELATION_HEADER, 'retry-after'],
        credentials: false,
        maxAge: 600,
      };
