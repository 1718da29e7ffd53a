import { badInput, conflict, forbidden, notFound } from '@registry/kernel';

export const PublicSectorErrors = {
  registrarOnly: (what: string) => forbidden('PUBLIC_SECTOR.REGISTRAR_ONLY', `Only the registrar ${what}.`),
  systemAlreadyRegistered: (systemId: string) => conflict('PUBLIC_SECTOR.SYSTEM_ALREADY_REGISTERED', `System ${systemId} is already registered.`, { systemId }),
  modelVersionNotFound: (modelId: string, version: string) =>
    notFound('PUBLIC_SECTOR.MODEL_VERSION_NOT_FOUND', `Model ${modelId} has no version ${version} registered here.`, { modelId, version }),
  invalid: (field: string, message: string) => badInput('PUBLIC_SECTOR.INVALID', message, { field }),

  campaignAlreadyOpened: (campaignId: string) => conflict('AUDIT_CAMPAIGN.ALREADY_OPENED', `Audit campaign ${campaignId} is already opened.`, { campaignId }),
  campaignNotFound: (campaignId: string) => notFound('AUDIT_CAMPAIGN.NOT_FOUND', `There is no audit campaign ${campaignId}.`, { campaignId }),
  emptyScope: () =>
    badInput('AUDIT_CAMPAIGN.EMPTY_SCOPE', 'The scope names no registered system (give bureaus or system ids that are registered).', { field: 'scope' }),
  unknownSystems: (systemIds: readonly string[]) =>
    notFound('AUDIT_CAMPAIGN.UNKNOWN_SYSTEMS', `These systems are not registered: ${systemIds.join(', ')}.`, { systemIds: [...systemIds] }),
  deadlineNotInFuture: () => badInput('AUDIT_CAMPAIGN.DEADLINE_PASSED', 'The deadline must be after the campaign is opened.', { field: 'deadline' }),
  notInCampaign: (campaignId: string, systemIds: readonly string[]) =>
    notFound('AUDIT_CAMPAIGN.SYSTEM_NOT_IN_SCOPE', `Campaign ${campaignId} does not cover ${systemIds.join(', ')}.`, { campaignId, systemIds: [...systemIds] }),
  auditorNotAccredited: (certifierId: string) =>
    forbidden('AUDIT_CAMPAIGN.AUDITOR_NOT_ACCREDITED', `Certifier ${certifierId} has no accreditation in force.`, { certifierId }),
  alreadyAudited: (campaignId: string, systemId: string) =>
    conflict('AUDIT_CAMPAIGN.ALREADY_AUDITED', `System ${systemId} already has an outcome in campaign ${campaignId}.`, { campaignId, systemId }),
  alreadyAssigned: (campaignId: string, certifierId: string) =>
    conflict('AUDIT_CAMPAIGN.ALREADY_ASSIGNED', `Certifier ${certifierId} is already the auditor of those systems in campaign ${campaignId}.`, {
      campaignId,
      certifierId,
    }),
  notAssignedAuditor: (systemId: string) =>
    forbidden('AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR', `Only the certifier assigned to audit ${systemId} in this campaign may record its outcome.`, { systemId }),
  invalidCampaign: (field: string, message: string) => badInput('AUDIT_CAMPAIGN.INVALID', message, { field }),
};
