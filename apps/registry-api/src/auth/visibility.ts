import { Actor } from '@registry/kernel';

/**
 * Who may see restricted data (DOMAIN.md): facility and custodian of a localisation record, filing references
 * of transfer bases, audit-report digests. The registrar and regulators see all of it; a firm sees its own
 * models'; a certifier sees the models it certified. Anonymous callers never do.
 */
export interface RestrictedOwners {
  readonly firmId?: string | null;
  readonly certifierIds?: readonly string[];
}

export const canSeeRestricted = (actor: Actor | undefined, owners: RestrictedOwners): boolean => {
  if (!actor) return false;
  switch (actor.role) {
    case 'REGISTRAR':
    case 'REGULATOR':
    case 'SYSTEM':
      return true;
    case 'FIRM':
      return !!owners.firmId && actor.scope === owners.firmId;
    case 'CERTIFIER':
      return !!actor.scope && (owners.certifierIds ?? []).includes(actor.scope);
    default:
      return false;
  }
};

/** Restricted fields in event payloads, by event type: blanked out (null) in histories for those not entitled. */
export const RESTRICTED_EVENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CertificationIssued: ['auditReportDigest'],
  WeightsLocalisationRecorded: ['facility', 'custodian'],
  WeightsRelocated: ['facility', 'custodian'],
  DataTransferBasisRecorded: ['filingReference'],
  PublicSectorSystemRegistered: ['details'],
  AuditOutcomeRecorded: ['reportDigest'],
  TrainingDataProvenanceRecorded: ['sourceDetails'],
  // A firm's model endpoint (it may carry a key in its address) and a failure message that may name its host.
  SandboxRunRequested: ['endpoint'],
  SandboxRunFailed: ['message'],
};

export const redact = (type: string, data: Record<string, unknown>, entitled: boolean): Record<string, unknown> => {
  const fields = RESTRICTED_EVENT_FIELDS[type];
  if (entitled || !fields) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, fields.includes(k) ? null : v]));
};

/**
 * Event metadata anonymous callers do not see (histories and the changes feed give null): the actor's subject
 * (often a person's login) and the correlation and causation ids (which tie events to a client's requests).
 * As paths of segments below `metadata`.
 */
export const ANONYMOUS_HIDDEN_METADATA: readonly (readonly string[])[] = [['actor', 'subject'], ['correlationId'], ['causationId']];
