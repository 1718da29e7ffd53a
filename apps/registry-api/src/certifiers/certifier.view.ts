import { AsOf } from '../graphql/as-of';
import { Certifier, CertifierStatus } from '@registry/contract';
import { CertifierState } from '@registry/domain';

/** A certifier as the API returns it; `history` is resolved on demand. */
export type CertifierView = Omit<Certifier, 'history' | 'globalId'> & AsOf;

/** Null for a certifier never accredited. */
export const toCertifierView = (state: CertifierState, version: number): CertifierView | null => {
  if (state.status === 'NONE') return null;
  const a = state.accreditation;
  return {
    id: a.certifierId,
    name: a.name,
    status: CertifierStatus[state.status],
    scope: { frameworkVersions: [...a.scope.frameworkVersions], useCases: [...a.scope.useCases] },
    validFrom: new Date(a.validFrom),
    validUntil: new Date(a.validUntil),
    suspensions: state.suspensions.map((s) => ({ from: new Date(s.from), until: s.until ? new Date(s.until) : null })),
    withdrawnAt: state.status === 'WITHDRAWN' ? new Date(state.withdrawnAt) : null,
    version,
  };
};
