import { Injectable } from '@nestjs/common';
import { equivalenceDecider, equivalenceStreamId, modelDecider, modelStreamId } from '@registry/domain';
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
    const { state } = await this.aggregates.load(modelStreamId(modelId), modelDecider);
    if (state.status !== 'REGISTERED') return { ownerFirmId: null, versionDigest: null };
    const v = version === undefined ? undefined : state.versions.find((x) => x.version === version);
    return { ownerFirmId: state.firmId, versionDigest: v?.weightsDigest ?? null };
  }

  /** The equivalence's condition ids (null: no such equivalence; [] for FULL). */
  async equivalenceConditionIds(equivalenceId: string): Promise<string[] | null> {
    const { state } = await this.aggregates.load(equivalenceStreamId(equivalenceId), equivalenceDecider);
    return state.status === 'NONE' ? null : state.proposal.conditions.map((c) => c.id);
  }

  /** Certifiers that certified this model version (from the facts the verdicts use, by their version index). */
  async certifierIds(modelId: string, version: string): Promise<string[]> {
    const { facts } = await this.verdicts.facts();
    return (facts.certificationsByVersion.get(`${modelId}/${version}`) ?? []).map((id) => facts.certifications.get(id)!.issued.certifierId);
  }
}
