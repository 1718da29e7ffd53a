import { Actor, assertNever, Decider } from '@registry/kernel';
import { assertDigest, ModelKind } from '../shared/values';
import { ModelCommand } from './model.commands';
import { ModelErrors } from './model.errors';
import { MODEL_ID, MODEL_VERSION, ModelEvent } from './model.events';

export interface ModelVersionState {
  readonly version: string;
  readonly weightsDigest: string;
  readonly registeredAt: string;
  readonly deprecated: boolean;
  readonly deprecation: { readonly at: string; readonly reason: string } | null;
}

export type ModelState =
  | { readonly status: 'NONE' }
  | {
      readonly status: 'REGISTERED';
      readonly modelId: string;
      readonly firmId: string;
      readonly name: string;
      readonly kind: ModelKind;
      readonly registeredAt: string;
      readonly versions: readonly ModelVersionState[];
    };

/** The firm itself (FIRM acting for it) or the registrar. */
const mayChange = (actor: Actor, firmId: string) => actor.role === 'REGISTRAR' || (actor.role === 'FIRM' && actor.scope === firmId);

export const modelDecider: Decider<ModelCommand, ModelEvent, ModelState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (state, event) => {
    switch (event.type) {
      case 'ModelRegistered':
        return { status: 'REGISTERED', ...event.data, versions: [] };
      case 'ModelVersionRegistered':
        return state.status === 'REGISTERED'
          ? {
              ...state,
              versions: [
                ...state.versions,
                {
                  version: event.data.version,
                  weightsDigest: event.data.weightsDigest,
                  registeredAt: event.data.registeredAt,
                  deprecated: false,
                  deprecation: null,
                },
              ],
            }
          : state;
      case 'ModelVersionDeprecated':
        return state.status === 'REGISTERED'
          ? {
              ...state,
              versions: state.versions.map((v) =>
                v.version === event.data.version ? { ...v, deprecated: true, deprecation: { at: event.data.deprecatedAt, reason: event.data.reason } } : v,
              ),
            }
          : state;
      default:
        return assertNever(event);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterModel': {
        const { context, ...d } = command.data;
        if (!(command.actor.role === 'FIRM' && command.actor.scope === d.firmId)) throw ModelErrors.notOwner(d.firmId);
        if (state.status !== 'NONE') throw ModelErrors.alreadyRegistered(d.modelId);
        if (!context.firmExists) throw ModelErrors.firmNotFound(d.firmId);
        if (!MODEL_ID.test(d.modelId))
          throw ModelErrors.invalid('modelId', 'modelId must be 2 to 64 lowercase letters, digits or dashes, starting with a letter');
        if (!d.name.trim() || d.name.length > 200) throw ModelErrors.invalid('name', 'name must be 1 to 200 characters');
        return [{ type: 'ModelRegistered', data: { ...d, registeredAt: command.issuedAt } }];
      }
      case 'RegisterModelVersion': {
        const d = command.data;
        if (state.status === 'NONE') throw ModelErrors.notFound(d.modelId);
        if (!(command.actor.role === 'FIRM' && command.actor.scope === state.firmId)) throw ModelErrors.notOwner(state.firmId);
        if (!MODEL_VERSION.test(d.version)) throw ModelErrors.invalid('version', 'version must be 1 to 32 letters, digits, dots, dashes or underscores');
        assertDigest('weightsDigest', d.weightsDigest);
        if (state.versions.some((v) => v.version === d.version)) throw ModelErrors.versionExists(d.modelId, d.version);
        const same = state.versions.find((v) => v.weightsDigest === d.weightsDigest);
        if (same) throw ModelErrors.digestTaken(d.modelId, same.version);
        return [{ type: 'ModelVersionRegistered', data: { ...d, registeredAt: command.issuedAt } }];
      }
      case 'DeprecateModelVersion': {
        const d = command.data;
        if (state.status === 'NONE') throw ModelErrors.notFound(d.modelId);
        if (!mayChange(command.actor, state.firmId)) throw ModelErrors.notOwner(state.firmId);
        const version = state.versions.find((v) => v.version === d.version);
        if (!version) throw ModelErrors.versionNotFound(d.modelId, d.version);
        if (version.deprecated) throw ModelErrors.alreadyDeprecated(d.modelId, d.version);
        if (!d.reason.trim()) throw ModelErrors.invalid('reason', 'A reason is required.');
        return [{ type: 'ModelVersionDeprecated', data: { ...d, deprecatedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command);
    }
  },
};
