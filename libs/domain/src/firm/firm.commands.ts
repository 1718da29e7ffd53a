import { Actor } from '@registry/kernel';

interface Command<T extends string, D> {
  readonly type: T;
  readonly data: D;
  /** Who asks and when: the decider's only source of identity and time. */
  readonly actor: Actor;
  readonly issuedAt: string;
}

export type RegisterFirm = Command<'RegisterFirm', { firmId: string; name: string; jurisdiction: string }>;
export type RenameFirm = Command<'RenameFirm', { firmId: string; name: string }>;

export type FirmCommand = RegisterFirm | RenameFirm;
