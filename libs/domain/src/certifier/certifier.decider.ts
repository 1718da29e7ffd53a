import { assertNever, Decider } from '@registry/kernel';
import { assertUseCases, assertWindow, isAtOrBefore, isBefore } from '../shared/values';
import { CertifierCommand } from './certifier.commands';
import { CertifierErrors } from './certifier.errors';
import { AccreditationScope, CERTIFIER_ID, CertifierAccredited, CertifierEvent } from './certifier.events';

export type Accreditation = Omit<CertifierAccredited['data'], 'accreditedAt'>;

/** A period during which the accreditation was suspended; `until` null while it still is. */
export interface SuspensionPeriod {
  readonly from: string;
  readonly until: string | null;
}

export type CertifierState =
  | { readonly status: 'NONE' }
  | { readonly status: 'ACTIVE' | 'SUSPENDED'; readonly accreditation: Accreditation; readonly suspensions: readonly SuspensionPeriod[] }
  | { readonly status: 'WITHDRAWN'; readonly accreditation: Accreditation; readonly suspensions: readonly SuspensionPeriod[]; readonly withdrawnAt: string };

/**
 * Whether this accreditation covered a certification of `frameworkVersion` for every use case in `useCases`
 * at instant `at`: inside its validity, not suspended then, not yet withdrawn, and scope covering it.
 * Used when a certification is issued and again by the verdict (the integrity rule).
 */
export const accreditationCovers = (state: CertifierState, frameworkVersion: string, useCases: readonly string[], at: string): boolean => {
  if (state.status === 'NONE') return false;
  const { accreditation, suspensions } = state;
  if (!isAtOrBefore(accreditation.validFrom, at) || !isBefore(at, accreditation.validUntil)) return false;
  if (state.status === 'WITHDRAWN' && isAtOrBefore(state.withdrawnAt, at)) return false;
  if (suspensions.some((s) => isAtOrBefore(s.from, at) && (s.until === null || isBefore(at, s.until)))) return false;
  return scopeCovers(accreditation.scope, frameworkVersion, useCases);
};

export const scopeCovers = (scope: AccreditationScope, frameworkVersion: string, useCases: readonly string[]) =>
  scope.frameworkVersions.includes(frameworkVersion) && useCases.every((u) => scope.useCases.includes(u));

export const certifierDecider: Decider<CertifierCommand, CertifierEvent, CertifierState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'CertifierAccredited': {
        const { accreditedAt: _, ...accreditation } = event.data;
        return { status: 'ACTIVE', accreditation, suspensions: [] };
      }
      case 'AccreditationSuspended':
        return state.status === 'ACTIVE'
          ? { ...state, status: 'SUSPENDED', suspensions: [...state.suspensions, { from: event.data.suspendedAt, until: null }] }
          : state;
      case 'AccreditationReinstated':
        return state.status === 'SUSPENDED'
          ? { ...state, status: 'ACTIVE', suspensions: state.suspensions.map((s) => (s.until === null ? { ...s, until: event.data.reinstatedAt } : s)) }
          : state;
      case 'AccreditationWithdrawn':
        return state.status === 'NONE'
          ? state
          : { status: 'WITHDRAWN', accreditation: state.accreditation, suspensions: state.suspensions, withdrawnAt: event.data.withdrawnAt };
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    if (command.actor.role !== 'REGISTRAR') throw CertifierErrors.registrarOnly();
    const { certifierId } = command.data;
    switch (command.type) {
      case 'AccreditCertifier': {
        const d = command.data;
        if (state.status !== 'NONE') throw CertifierErrors.alreadyAccredited(certifierId);
        if (!CERTIFIER_ID.test(certifierId)) throw CertifierErrors.invalid('certifierId', 'certifierId must be 2 to 64 lowercase letters, digits or dashes');
        if (!d.name.trim() || d.name.length > 200) throw CertifierErrors.invalid('name', 'name must be 1 to 200 characters');
        if (d.scope.frameworkVersions.length === 0)
          throw CertifierErrors.invalid('scope.frameworkVersions', 'scope must name at least one HK-AI framework version');
        assertUseCases('scope.useCases', d.scope.useCases);
        assertWindow('validFrom', d.validFrom, 'validUntil', d.validUntil);
        return [{ type: 'CertifierAccredited', data: { ...d, accreditedAt: command.issuedAt } }];
      }
      case 'SuspendAccreditation':
        if (state.status === 'NONE') throw CertifierErrors.notFound(certifierId);
        if (state.status === 'WITHDRAWN') throw CertifierErrors.withdrawn(certifierId);
        if (state.status !== 'ACTIVE') throw CertifierErrors.notActive(certifierId, state.status);
        if (!command.data.reason.trim()) throw CertifierErrors.reasonRequired();
        return [{ type: 'AccreditationSuspended', data: { certifierId, reason: command.data.reason, suspendedAt: command.issuedAt } }];
      case 'ReinstateAccreditation':
        if (state.status === 'NONE') throw CertifierErrors.notFound(certifierId);
        if (state.status === 'WITHDRAWN') throw CertifierErrors.withdrawn(certifierId);
        if (state.status !== 'SUSPENDED') throw CertifierErrors.notSuspended(certifierId, state.status);
        return [{ type: 'AccreditationReinstated', data: { certifierId, reinstatedAt: command.issuedAt } }];
      case 'WithdrawAccreditation':
        if (state.status === 'NONE') throw CertifierErrors.notFound(certifierId);
        if (state.status === 'WITHDRAWN') throw CertifierErrors.withdrawn(certifierId);
        if (!command.data.reason.trim()) throw CertifierErrors.reasonRequired();
        return [{ type: 'AccreditationWithdrawn', data: { certifierId, reason: command.data.reason, withdrawnAt: command.issuedAt } }];
      default:
        return assertNever(command);
    }
  },
};
