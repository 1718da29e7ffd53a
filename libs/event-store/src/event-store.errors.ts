import { conflict, RegistryError } from '@registry/kernel';

export const wrongExpectedVersion = (streamId: string, expected: number | 'any', actual: number) =>
  conflict(
    'EVENT_STORE.WRONG_EXPECTED_VERSION',
    `Stream ${streamId} is at version ${actual}, expected ${expected}: someone else wrote first; reload and retry.`,
    { streamId, expected, actual },
  );

export const idempotencyKeyReused = (key: string) =>
  conflict('EVENT_STORE.IDEMPOTENCY_KEY_REUSED', `Idempotency key ${key} was already used for a different request; choose a new key for a new request.`, {
    idempotencyKey: key,
  });

export const eventIdReused = (eventId: string) =>
  conflict('EVENT_STORE.EVENT_ID_REUSED', `Event id ${eventId} is already stored with other content or in another batch.`, { eventId });

export const staleDecisionTime = (streamId: string, decisionTime: string, latest: string) =>
  conflict(
    'EVENT_STORE.STALE_DECISION_TIME',
    `Stream ${streamId} already carries a decision made at ${latest}, later than this one (${decisionTime}): decide again now.`,
    { streamId, decisionTime, latest },
  );

/** The database was unreachable or the connection was lost; nothing can be said about the request's effect. */
export const storeUnavailable = (cause: string) =>
  new RegistryError('INTERNAL', 'EVENT_STORE.UNAVAILABLE', `The event store is unavailable (${cause}); retry shortly.`, { cause });

/** The engine behind the port cannot honour what the append asks for; it refuses rather than weaken it. */
export const notSupportedByEngine = (engine: string, feature: string, reason: string) =>
  new RegistryError('INTERNAL', 'EVENT_STORE.NOT_SUPPORTED_BY_ENGINE', `${engine} cannot ${feature}: ${reason}`, { engine, feature });
