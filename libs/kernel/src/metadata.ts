import { Actor } from './actor';

/**
 * What travels with every command into the decider's shell, and from there onto every event it produces.
 * The clock lives here (`issuedAt`): deciders never read the time themselves.
 */
export interface CommandMetadata {
  readonly actor: Actor;
  /** When the command was received; the only clock a decider may use. ISO-8601. */
  readonly issuedAt: string;
  /** Groups everything caused by one external request. */
  readonly correlationId: string;
  /** The id of what caused this command (request id, or the event id for process managers). */
  readonly causationId: string | null;
  /** Unique id of this command. */
  readonly commandId: string;
  /** Client-chosen key: the same key twice appends once and returns the first result. */
  readonly idempotencyKey?: string;
}

/** Metadata stored on each event (the command's, minus nothing: an event can always be traced back). */
export type EventMetadata = CommandMetadata;
