import { assertNever, Decider } from '@registry/kernel';
import { isBefore } from '../shared/values';
import { PublicSectorSystemCommand } from './public-sector-system.commands';
import { PublicSectorSystemEvent, SystemDetails, SystemSummary } from './public-sector-system.events';
import { PublicSectorErrors } from './public-sector.errors';
import {
  checkInstant,
  CONTACT_EMAIL,
  DECISION_AREAS,
  isHighStakes,
  PUBLIC_SECTOR_ID,
  SHORT_TEXT_MAX,
  SYSTEM_PHASES,
  TEXT_MAX,
  WEBSITE_URL,
} from './public-sector.values';

export type PublicSectorSystemState =
  | { readonly status: 'NONE' }
  | { readonly status: 'REGISTERED'; readonly summary: SystemSummary; readonly details: SystemDetails; readonly registeredAt: string };

const CODE = 'PUBLIC_SECTOR.INVALID';
const text = (field: string, value: string | null, max: number, optional = false) => {
  if (value === null && optional) return;
  if (value === null || !value.trim() || value.length > max) throw PublicSectorErrors.invalid(field, `${field} must be 1 to ${max} characters`);
};

const checkSummary = (s: Omit<SystemSummary, 'highStakes'>, issuedAt: string) => {
  if (!PUBLIC_SECTOR_ID.test(s.systemId)) throw PublicSectorErrors.invalid('systemId', 'systemId must be 2 to 64 lowercase letters, digits or dashes');
  text('bureau', s.bureau, SHORT_TEXT_MAX);
  text('name', s.name, SHORT_TEXT_MAX);
  text('description', s.description, TEXT_MAX);
  if (!(DECISION_AREAS as readonly string[]).includes(s.decisionArea))
    throw PublicSectorErrors.invalid('decisionArea', `decisionArea must be one of ${DECISION_AREAS.join(', ')}`);
  if (!(SYSTEM_PHASES as readonly string[]).includes(s.phase)) throw PublicSectorErrors.invalid('phase', `phase must be one of ${SYSTEM_PHASES.join(', ')}`);
  checkInstant(CODE, 'inUseSince', s.inUseSince);
  if (isBefore(issuedAt, s.inUseSince)) throw PublicSectorErrors.invalid('inUseSince', 'inUseSince must not be in the future');
  if (s.websiteUrl !== null && !WEBSITE_URL.test(s.websiteUrl))
    throw PublicSectorErrors.invalid('websiteUrl', 'websiteUrl must be an https URL of at most 508 characters');
  if (!CONTACT_EMAIL.test(s.publicContact) || s.publicContact.length > 254)
    throw PublicSectorErrors.invalid('publicContact', 'publicContact must be one email address');
};

const checkDetails = (d: SystemDetails) => {
  text('details.team', d.team, SHORT_TEXT_MAX);
  text('details.seniorResponsibleOwner', d.seniorResponsibleOwner, SHORT_TEXT_MAX);
  text('details.externalSupplier', d.externalSupplier, SHORT_TEXT_MAX, true);
  text('details.humanReview', d.humanReview, TEXT_MAX);
  text('details.dataSources', d.dataSources, TEXT_MAX);
  text('details.risksAndMitigations', d.risksAndMitigations, TEXT_MAX);
  text('details.impactAssessments', d.impactAssessments, TEXT_MAX, true);
};

/** A public-sector AI system's transparency record (ATRS tiers 1 and 2), registered once by the registrar. */
export const publicSectorSystemDecider: Decider<PublicSectorSystemCommand, PublicSectorSystemEvent, PublicSectorSystemState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'PublicSectorSystemRegistered': {
        const { details, registeredAt, ...summary } = event.data;
        return { status: 'REGISTERED', summary, details, registeredAt };
      }
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterPublicSectorSystem': {
        if (command.actor.role !== 'REGISTRAR') throw PublicSectorErrors.registrarOnly('registers public-sector AI systems');
        const { context, details, ...summary } = command.data;
        if (state.status !== 'NONE') throw PublicSectorErrors.systemAlreadyRegistered(summary.systemId);
        checkSummary(summary, command.issuedAt);
        checkDetails(details);
        if (summary.model && context.modelVersionExists !== true) throw PublicSectorErrors.modelVersionNotFound(summary.model.modelId, summary.model.version);
        return [
          {
            type: 'PublicSectorSystemRegistered',
            data: { ...summary, highStakes: isHighStakes(summary.decisionArea), details, registeredAt: command.issuedAt },
          },
        ];
      }
      default:
        return assertNever(command.type);
    }
  },
};
