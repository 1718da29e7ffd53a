import { DomainEvent, streamName } from '@registry/kernel';
import { Instant } from '../shared/values';
import { DecisionArea, SystemPhase } from './public-sector.values';

/**
 * ATRS tier 1, the public summary of a public-sector AI system: who runs it (`bureau`, ATRS "organisation"),
 * what it is called and does (`name`, `description`), its area of decisions (ATRS "function") and whether
 * that area is high-stakes, its phase, since when it is in use, where to read more and whom to ask.
 * `model` names the model version it runs when that version is registered here (null otherwise).
 */
export interface SystemSummary {
  readonly systemId: string;
  readonly bureau: string;
  readonly name: string;
  readonly description: string;
  readonly decisionArea: DecisionArea;
  readonly highStakes: boolean;
  readonly phase: SystemPhase;
  readonly inUseSince: Instant;
  readonly websiteUrl: string | null;
  readonly publicContact: string;
  readonly model: { readonly modelId: string; readonly version: string } | null;
}

/**
 * ATRS tier 2, the detailed record, one field per section of the standard: owner and responsibility (`team`,
 * `seniorResponsibleOwner`, `externalSupplier`), decision-making process (`humanReview`: how people use,
 * review and can appeal its outputs), data specification (`dataSources`), risks, mitigations and impact
 * assessments (`risksAndMitigations`, `impactAssessments`). Restricted: the registrar, regulators and the
 * system's assigned auditors read it; the public reads tier 1.
 */
export interface SystemDetails {
  readonly team: string;
  readonly seniorResponsibleOwner: string;
  readonly externalSupplier: string | null;
  readonly humanReview: string;
  readonly dataSources: string;
  readonly risksAndMitigations: string;
  readonly impactAssessments: string | null;
}

export type PublicSectorSystemRegistered = DomainEvent<'PublicSectorSystemRegistered', SystemSummary & { details: SystemDetails; registeredAt: Instant }>;

export type PublicSectorSystemEvent = PublicSectorSystemRegistered;

export const publicSectorSystemStreamId = (systemId: string) => streamName('public-sector-system', systemId);
