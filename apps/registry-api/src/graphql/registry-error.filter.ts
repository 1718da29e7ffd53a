import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { RegistryError } from '@registry/kernel';

/**
 * Refusals are answers, not faults: hand them to the GraphQL error mapping untouched, without Nest's
 * default error-level log line. Unexpected errors still reach the default handler and are logged.
 */
@Catch(RegistryError)
export class RegistryErrorFilter implements GqlExceptionFilter {
  catch(error: RegistryError): RegistryError {
    return error;
  }
}
