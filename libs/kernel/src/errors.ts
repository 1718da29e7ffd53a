/**
 * Typed failures with stable codes. Every refusal in the registry is a RegistryError: the `category`
 * decides the GraphQL `extensions.code` (one mapping, in the API shell), the `code` is the stable
 * machine-readable reason (`FIRM.ALREADY_REGISTERED`) that clients and tests assert on.
 */
export type ErrorCategory = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'INTERNAL';

export class RegistryError extends Error {
  constructor(
    readonly category: ErrorCategory,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new RegistryError('CONFLICT', code, message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) => new RegistryError('NOT_FOUND', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) => new RegistryError('FORBIDDEN', code, message, details);
export const unauthenticated = (code: string, message: string) => new RegistryError('UNAUTHENTICATED', code, message);
export const badInput = (code: string, message: string, details?: Record<string, unknown>) => new RegistryError('BAD_USER_INPUT', code, message, details);

export const isRegistryError = (e: unknown): e is RegistryError => e instanceof RegistryError;
