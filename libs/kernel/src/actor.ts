/** Who did something. Every event records its actor in metadata; roles are those of DOMAIN.md. */
export type Role = 'REGISTRAR' | 'CERTIFIER' | 'REGULATOR' | 'FIRM' | 'SYSTEM';

export interface Actor {
  /** Stable subject id from the token (e.g. `registrar-hk`, `cb-001`, `firm-acme`). */
  readonly subject: string;
  readonly role: Role;
  /** CERTIFIER: its certifier id; FIRM: its firm id; REGULATOR: its jurisdiction code. */
  readonly scope?: string;
}

export const SYSTEM_ACTOR: Actor = { subject: 'system', role: 'SYSTEM' };
