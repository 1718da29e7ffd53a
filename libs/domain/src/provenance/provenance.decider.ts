import { Actor, assertNever, Decider } from '@registry/kernel';
import { assertDigest, WEIGHTS_DIGEST } from '../shared/values';
import { ProvenanceCommand, StatedSource } from './provenance.commands';
import { ProvenanceErrors } from './provenance.errors';
import { LEGAL_BASES, PROVENANCE_SOURCES_MAX, PROVENANCE_TEXT_MAX, ProvenanceEvent, SOURCE_ID, TrainingDataProvenanceRecorded } from './provenance.events';

export type ProvenanceRecord = Omit<TrainingDataProvenanceRecorded['data'], 'recordedAt'> & { readonly recordedAt: string };

/** NONE → RECORDED, each new record replacing the last whole. */
export type ProvenanceState = { readonly status: 'NONE' } | ({ readonly status: 'RECORDED' } & ProvenanceRecord);

const isOwner = (actor: Actor, ownerFirmId: string | null) => ownerFirmId !== null && actor.role === 'FIRM' && actor.scope === ownerFirmId;

const text = (field: string, value: string | null, optional: boolean, max = PROVENANCE_TEXT_MAX) => {
  if (value === null && optional) return;
  if (value === null || !value.trim() || value.length > max) throw ProvenanceErrors.invalid(field, `${field} must be 1 to ${max} characters`);
};

const checkSources = (sources: readonly StatedSource[]) => {
  if (sources.length === 0 || sources.length > PROVENANCE_SOURCES_MAX)
    throw ProvenanceErrors.invalid('sources', `sources must list 1 to ${PROVENANCE_SOURCES_MAX} sources`);
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (!SOURCE_ID.test(s.sourceId))
      throw ProvenanceErrors.invalid(`sources.${i}.sourceId`, 'sources.sourceId must be 1 to 64 lowercase letters, digits, dots, dashes or underscores');
    if (seen.has(s.sourceId)) throw ProvenanceErrors.invalid(`sources.${i}.sourceId`, `sources.sourceId ${s.sourceId} is listed twice`);
    seen.add(s.sourceId);
    text(`sources.${i}.name`, s.name, false, 200);
    if (s.legalBasis !== null && !(LEGAL_BASES as readonly string[]).includes(s.legalBasis))
      throw ProvenanceErrors.invalid(`sources.${i}.legalBasis`, `sources.legalBasis must be one of ${LEGAL_BASES.join(', ')}, or null when unknown`);
    if (s.digest !== null && !WEIGHTS_DIGEST.test(s.digest))
      throw ProvenanceErrors.invalid(`sources.${i}.digest`, 'sources.digest must be sha256: followed by 64 lowercase hex digits');
    text(`sources.${i}.location`, s.location, false);
    text(`sources.${i}.basisReference`, s.basisReference, true);
  });
};

/** The sources' public part and restricted part, in the order stated. */
const split = (sources: readonly StatedSource[]) => ({
  sources: sources.map(({ sourceId, name, legalBasis, digest }) => ({ sourceId, name, legalBasis, digest })),
  sourceDetails: sources.map(({ sourceId, location, basisReference }) => ({ sourceId, location, basisReference })),
});

/**
 * What a record says, as text with a fixed field order: a folded state's key order depends on the store
 * (jsonb reorders keys), so records are compared field by field, never by serialising them as they come.
 */
const fingerprint = (r: Omit<ProvenanceRecord, 'recordedAt'>): string =>
  JSON.stringify([
    r.weightsDigest,
    r.digestMatchesVersion,
    r.sources.map((s) => [s.sourceId, s.name, s.legalBasis, s.digest]),
    r.sourceDetails.map((d) => [d.sourceId, d.location, d.basisReference]),
  ]);

/** Training-data provenance of one model version (HK-AI-06's evidence), stated by the owning firm. */
export const provenanceDecider: Decider<ProvenanceCommand, ProvenanceEvent, ProvenanceState> = {
  initialState: () => ({ status: 'NONE' }),

  evolve: (_state, event) => {
    switch (event.type) {
      case 'TrainingDataProvenanceRecorded':
        return { status: 'RECORDED', ...event.data };
      default:
        return assertNever(event.type);
    }
  },

  decide: (command, state) => {
    switch (command.type) {
      case 'RecordTrainingDataProvenance': {
        const { context, modelId, version, weightsDigest } = command.data;
        if (context.ownerFirmId === null || context.versionDigest === null) throw ProvenanceErrors.modelVersionNotFound(modelId, version);
        if (!isOwner(command.actor, context.ownerFirmId)) throw ProvenanceErrors.notModelOwner();
        assertDigest('weightsDigest', weightsDigest);
        checkSources(command.data.sources);
        const record = { modelId, version, weightsDigest, digestMatchesVersion: weightsDigest === context.versionDigest, ...split(command.data.sources) };
        if (state.status === 'RECORDED' && fingerprint(state) === fingerprint(record)) throw ProvenanceErrors.unchanged(modelId, version);
        return [{ type: 'TrainingDataProvenanceRecorded', data: { ...record, recordedAt: command.issuedAt } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
