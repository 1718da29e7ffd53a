import { badInput, conflict, forbidden } from '@registry/kernel';

export const FrameworkErrors = {
  registrarOnly: () => forbidden('FRAMEWORK.REGISTRAR_ONLY', 'Only the registrar publishes frameworks.'),
  versionExists: (frameworkId: string, version: string) =>
    conflict('FRAMEWORK.VERSION_EXISTS', `${frameworkId} version ${version} is already published; versions are never edited, publish a new one.`, {
      frameworkId,
      version,
    }),
  notAfterPrevious: (frameworkId: string, previous: string) =>
    conflict('FRAMEWORK.EFFECTIVE_DATE_NOT_AFTER_PREVIOUS', `A new ${frameworkId} version must take effect after version ${previous} did.`, {
      frameworkId,
      previous,
    }),
  jurisdictionChanged: (frameworkId: string, jurisdiction: string) =>
    conflict('FRAMEWORK.JURISDICTION_CHANGED', `${frameworkId} belongs to ${jurisdiction}; a version cannot move it.`, { frameworkId, jurisdiction }),
  noRequirements: () => badInput('FRAMEWORK.NO_REQUIREMENTS', 'A framework version needs at least one requirement.', { field: 'requirements' }),
  duplicateRequirement: (id: string) =>
    badInput('FRAMEWORK.DUPLICATE_REQUIREMENT', `Requirement ${id} appears twice.`, { field: 'requirements', requirementId: id }),
  invalid: (field: string, message: string) => badInput('FRAMEWORK.INVALID', message, { field }),
};
