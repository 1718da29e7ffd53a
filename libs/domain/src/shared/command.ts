import { Actor } from '@registry/kernel';

/** Every domain command: what is asked, by whom, and when (the decider's only clock). */
export interface DomainCommand<T extends string, D> {
  readonly type: T;
  readonly data: D;
  readonly actor: Actor;
  readonly issuedAt: string;
}
