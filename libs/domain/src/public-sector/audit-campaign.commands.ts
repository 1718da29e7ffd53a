import { DomainCommand } from '../shared/command';
import { AuditCampaignOpened, AuditOutcomeRecorded, AuditorAssigned } from './audit-campaign.events';

/** The systems registered when the campaign is opened (id and bureau), looked up by the shell. */
export interface OpenCampaignContext {
  readonly registered: readonly { readonly systemId: string; readonly bureau: string }[];
}

/** Whether the certifier's accreditation is in force at the command's time (accredited, valid, not suspended, not withdrawn). */
export interface AuditorContext {
  readonly accreditationInForce: boolean;
}

export type OpenAuditCampaign = DomainCommand<
  'OpenAuditCampaign',
  Omit<AuditCampaignOpened['data'], 'openedAt' | 'systemIds'> & { context: OpenCampaignContext }
>;
export type AssignAuditor = DomainCommand<'AssignAuditor', Omit<AuditorAssigned['data'], 'assignedAt'> & { context: AuditorContext }>;
export type RecordAuditOutcome = DomainCommand<
  'RecordAuditOutcome',
  Omit<AuditOutcomeRecorded['data'], 'recordedAt' | 'certifierId'> & { context: AuditorContext }
>;

export type AuditCampaignCommand = OpenAuditCampaign | AssignAuditor | RecordAuditOutcome;
