import { AsOf } from '../graphql/as-of';
import { Model, ModelVersion } from '@registry/contract';
import { ModelState } from '@registry/domain';

/** A model version as the API returns it; `certifications` is resolved on demand. */
export type ModelVersionView = Omit<ModelVersion, 'certifications'> & { modelId: string };
/** A model as the API returns it; `history` is resolved on demand. Models hold no restricted data. */
export type ModelView = Omit<Model, 'history' | 'versions' | 'globalId'> & AsOf & { versions: ModelVersionView[] };

/** Null for a model never registered. */
export const toModelView = (state: ModelState, version: number): ModelView | null => {
  if (state.status === 'NONE') return null;
  return {
    id: state.modelId,
    firmId: state.firmId,
    name: state.name,
    kind: { generative: state.kind.generative, generalPurpose: state.kind.generalPurpose },
    registeredAt: new Date(state.registeredAt),
    versions: state.versions.map((v) => ({
      modelId: state.modelId,
      version: v.version,
      weightsDigest: v.weightsDigest,
      registeredAt: new Date(v.registeredAt),
      deprecated: v.deprecated,
      deprecatedAt: v.deprecation ? new Date(v.deprecation.at) : null,
      deprecationReason: v.deprecation?.reason ?? null,
    })),
    version,
  };
};
