import { assertNever, Decider } from '@registry/kernel';
import { isAtOrBefore, JURISDICTION, toTime } from '../shared/values';
import { FrameworkCommand } from './framework.commands';
import { FrameworkErrors } from './framework.errors';
import { FRAMEWORK_ID, FRAMEWORK_VERSION, FrameworkEvent, FrameworkVersionPublished, REQUIREMENT_ID } from './framework.events';

export type FrameworkVersion = FrameworkVersionPublished['data'];

export type FrameworkState =
  | { readonly status: 'UNPUBLISHED' }
  | { readonly status: 'PUBLISHED'; readonly frameworkId: string; readonly jurisdiction: string; readonly versions: readonly FrameworkVersion[] };

/** The version in force at `asOf`: the latest whose effectiveFrom is at or before it (versions are ordered). */
export const versionInForce = (versions: readonly FrameworkVersion[], asOf: string): FrameworkVersion | undefined =>
  [...versions].reverse().find((v) => isAtOrBefore(v.effectiveFrom, asOf));

export const frameworkDecider: Decider<FrameworkCommand, FrameworkEvent, FrameworkState> = {
  initialState: () => ({ status: 'UNPUBLISHED' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'FrameworkVersionPublished':
        return {
          status: 'PUBLISHED',
          frameworkId: event.data.frameworkId,
          jurisdiction: event.data.jurisdiction,
          versions: [...(state.status === 'PUBLISHED' ? state.versions : []), event.data],
        };
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'PublishFrameworkVersion': {
        const d = command.data;
        if (command.actor.role !== 'REGISTRAR') throw FrameworkErrors.registrarOnly();
        if (!FRAMEWORK_ID.test(d.frameworkId)) throw FrameworkErrors.invalid('frameworkId', 'frameworkId must be 2 to 32 upper-case letters, digits or dashes');
        if (!FRAMEWORK_VERSION.test(d.version)) throw FrameworkErrors.invalid('version', 'version must be 1 to 32 letters, digits, dots, dashes or slashes');
        if (!JURISDICTION.test(d.jurisdiction)) throw FrameworkErrors.invalid('jurisdiction', 'jurisdiction must be a two-letter code or EU');
        if (Number.isNaN(toTime(d.effectiveFrom))) throw FrameworkErrors.invalid('effectiveFrom', 'effectiveFrom must be an ISO-8601 instant');
        if (d.requirements.length === 0) throw FrameworkErrors.noRequirements();
        const seen = new Set<string>();
        for (const r of d.requirements) {
          if (!REQUIREMENT_ID.test(r.id))
            throw FrameworkErrors.invalid('requirements', `requirement id ${JSON.stringify(r.id)} must be 1 to 32 upper-case letters, digits, dots or dashes`);
          if (seen.has(r.id)) throw FrameworkErrors.duplicateRequirement(r.id);
          seen.add(r.id);
        }
        if (state.status === 'PUBLISHED') {
          if (state.jurisdiction !== d.jurisdiction) throw FrameworkErrors.jurisdictionChanged(d.frameworkId, state.jurisdiction);
          if (state.versions.some((v) => v.version === d.version)) throw FrameworkErrors.versionExists(d.frameworkId, d.version);
          const latest = state.versions[state.versions.length - 1];
          if (isAtOrBefore(d.effectiveFrom, latest.effectiveFrom)) throw FrameworkErrors.notAfterPrevious(d.frameworkId, latest.version);
        }
        return [{ type: 'FrameworkVersionPublished', data: { ...d, publishedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
