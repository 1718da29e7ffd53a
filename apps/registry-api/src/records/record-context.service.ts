import { Injectable } from '@nestjs/common';
import {
  certifierDecider,
  certifierStreamId,
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
import { AggregateReader, StreamReader } from '../infrastructure/aggregate-reader';
import { VerdictService } from '../verdicts/verdict.service';

/**
 * The cross-aggregate facts the record deciders need in their `context`, looked up for each decision through
 * the shell's reader (`read`), so the streams read become conditions of the append.
 */
@Injectable()
export class RecordContextService {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly verdicts: VerdictService,
  ) {}

  /** The model's owner (null: no such model) and the version's digest (null: no such version). */
  async model(modelId: string, version?: string, read: StreamReader = this.aggregates): Promise<{ ownerFirmId: string | null; versionDigest: string | null }> {
    const state = await this.registeredModel(modelId, read);
    if (!state) return { ownerFirmId: null, versionDigest: null };
    const v = version === undefined ? undefined : state.versions.find((x) => x.version === version);
    return { ownerFirmId: state.firmId, versionDigest: v?.weightsDigest ?? null };
  }

  /**
   * The owner of the model a transfer basis is for (null: no such basis, or no such model). A basis never
   * changes model, so reading its stream here and again in the shell cannot disagree.
   */
  async basisOwner(basisId: string, read: StreamReader = this.aggregates): Promise<{ ownerFirmId: string | null }> {
    const { state } = await read.load(transferBasisStreamId(basisId), transferBasisDecider);
    if (state.status === 'NONE') return { ownerFirmId: null };
    const { ownerFirmId } = await this.model(state.basis.modelId, undefined, read);
    return { ownerFirmId };
  }

  /** The equivalence's condition ids (null: no such equivalence; [] for FULL). */
  async equivalenceConditionIds(equivalenceId: string, read: StreamReader = this.aggregates): Promise<string[] | null> {
    const { state } = await read.load(equivalenceStreamId(equivalenceId), equivalenceDecider);
    return state.status === 'NONE' ? null : state.proposal.conditions.map((c) => c.id);
  }

  /** Who may speak for a model version's condition evidence: its owner (only if the version exists) and its certifiers. */
  async evidence(equivalenceId: string, modelId: string, version: string, read: StreamReader = this.aggregates): Promise<EvidenceContext> {
    const [model, certifierIds, equivalenceConditionIds] = await Promise.all([
      this.model(modelId, version, read),
      this.vouchingCertifierIds(modelId, version, read),
      this.equivalenceConditionIds(equivalenceId, read),
    ]);
    return { ownerFirmId: model.versionDigest === null ? null : model.ownerFirmId, certifierIds, equivalenceConditionIds };
  }

  /**
   * The certifiers that may still vouch for this version: those with an unrevoked certification of it whose
   * accreditation is active now. Evidence adds trust (it turns CONDITIONAL lines SATISFIED), so a certifier
   * suspended or withdrawn by the registrar no longer speaks for the version; it still sees its restricted
   * data (`certifierIds`). The accreditation streams are read through `read`: a suspension racing the
   * evidence makes the shell decide again.
   */
  private async vouchingCertifierIds(modelId: string, version: string, read: StreamReader): Promise<string[]> {
    const { facts } = await this.verdicts.facts();
    const unrevoked = (facts.certificationsByVersion.get(`${modelId}/${version}`) ?? [])
      .map((id) => facts.certifications.get(id)!)
      .filter((c) => c.revoked === null)
      .map((c) => c.issued.certifierId);
    const active = await Promise.all(
      [...new Set(unrevoked)].map(async (id) => ((await read.load(certifierStreamId(id), certifierDecider)).state.status === 'ACTIVE' ? id : null)),
    );
    return active.filter((id): id is string => id !== null);
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

  private async registeredModel(modelId: string, read: StreamReader = this.aggregates): Promise<Extract<ModelState, { status: 'REGISTERED' }> | null> {
    const { state } = await read.load(modelStreamId(modelId), modelDecider);
    return state.status === 'REGISTERED' ? state : null;
  }
}

const certifiersOf = (facts: VerdictFacts, modelId: string, version: string): string[] =>
  (facts.certificationsByVersion.get(`${modelId}/${version}`) ?? []).map((id) => facts.certifications.get(id)!.issued.certifierId);
