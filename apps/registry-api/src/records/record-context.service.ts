import { Injectable } from '@nestjs/common';
import {
  EvidenceContext,
  equivalenceDecider,
  equivalenceStreamId,
  modelDecider,
  ModelState,
  modelStreamId,
  transferBasisDecider,
  transferBasisStreamId,
  VerdictFacts,
} from '@registry/domain';
import { RestrictedOwners } from '../auth/visibility';
import { AggregateReader } from '../infrastructure/aggregate-reader';
import { VerdictService } from '../verdicts/verdict.service';

/**
 * The cross-aggregate facts the record deciders need in their `context`, looked up just before deciding.
 * (A write racing this look-up is caught later by the verdict's integrity rules.)
 */
@Injectable()
export class RecordContextService {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly verdicts: VerdictService,
  ) {}

  /** The model's owner (null: no such model) and the version's digest (null: no such version). */
  async model(modelId: string, version?: string): Promise<{ ownerFirmId: string | null; versionDigest: string | null }> {
    const state = await this.registeredModel(modelId);
    if (!state) return { ownerFirmId: null, versionDigest: null };
    const v = version === undefined ? undefined : state.versions.find((x) => x.version === version);
    return { ownerFirmId: state.firmId, versionDigest: v?.weightsDigest ?? null };
  }

  /**
   * The owner of the model a transfer basis is for (null: no such basis, or no such model). A basis never
   * changes model, so reading its stream here and again in the shell cannot disagree.
   */
  async basisOwner(basisId: string): Promise<{ ownerFirmId: string | null }> {
    const { state } = await this.aggregates.load(transferBasisStreamId(basisId), transferBasisDecider);
    return state.status === 'NONE' ? { ownerFirmId: null } : this.model(state.basis.modelId);
  }

  /** The equivalence's condition ids (null: no such equivalence; [] for FULL). */
  async equivalenceConditionIds(equivalenceId: string): Promise<string[] | null> {
    const { state } = await this.aggregates.load(equivalenceStreamId(equivalenceId), equivalenceDecider);
    return state.status === 'NONE' ? null : state.proposal.conditions.map((c) => c.id);
  }

  /** Who may speak for a model version's condition evidence: its owner (only if the version exists) and its certifiers. */
  async evidence(equivalenceId: string, modelId: string, version: string): Promise<EvidenceContext> {
    const [model, certifierIds, equivalenceConditionIds] = await Promise.all([
      this.model(modelId, version),
      this.certifierIds(modelId, version),
      this.equivalenceConditionIds(equivalenceId),
    ]);
    return { ownerFirmId: model.versionDigest === null ? null : model.ownerFirmId, certifierIds, equivalenceConditionIds };
  }

  /** Certifiers that certified this model version (from the facts the verdicts use, by their version index). */
  async certifierIds(modelId: string, version: string): Promise<string[]> {
    const { facts } = await this.verdicts.facts();
    return certifiersOf(facts, modelId, version);
  }

  /**
   * Who may read a model-level record's restricted data (a transfer basis serves every version): the model's
   * owner and the certifiers of any of its versions.
   */
  async modelReaders(modelId: string): Promise<RestrictedOwners> {
    const [state, { facts }] = await Promise.all([this.registeredModel(modelId), this.verdicts.facts()]);
    if (!state) return { firmId: null, certifierIds: [] };
    return { firmId: state.firmId, certifierIds: [...new Set(state.versions.flatMap((v) => certifiersOf(facts, modelId, v.version)))] };
  }

  private async registeredModel(modelId: string): Promise<Extract<ModelState, { status: 'REGISTERED' }> | null> {
    const { state } = await this.aggregates.load(modelStreamId(modelId), modelDecider);
    return state.status === 'REGISTERED' ? state : null;
  }
}

const certifiersOf = (facts: VerdictFacts, modelId: string, version: string): string[] =>
  (facts.certificationsByVersion.get(`${modelId}/${version}`) ?? []).map((id) => facts.certifications.get(id)!.issued.certifierId);
