import { assertNever } from '@registry/kernel';
import { certificationStreamId } from '../certification/certification.events';
import { localisationStreamId } from '../localisation/localisation.events';
import { modelStreamId } from '../model/model.events';
import { provenanceStreamId } from '../provenance/provenance.events';
import { RegistryEvent } from '../registry-event';
import { sandboxRunStreamId } from '../sandbox/sandbox.events';
import { VerdictFacts } from './verdict.facts';

/**
 * Which facts a verdict on one model version reads: that model's own facts (its versions, the certifications,
 * localisations, provenance, sandbox runs and condition evidence of the version, the model's transfer bases)
 * plus a few registry-wide ones (frameworks, certifiers, equivalences, test suites). So the facts of one
 * version at a past log position can be folded from the streams that hold them, read up to that position,
 * with the registry-wide facts folded beside them: a cost that depends on that model's history, not the log's.
 */
export type FactScope =
  /** Registry-wide: frameworks, certifiers, equivalences, test suites (few; every verdict reads them). */
  | { readonly kind: 'GLOBAL' }
  /** Read by no verdict. */
  | { readonly kind: 'NONE' }
  /**
   * Of one model (version null) or model version. `stream`: the stream the registry's deciders file it in,
   * when the facts name it without an index (versionStreams); null when only the recorded stream says.
   */
  | { readonly kind: 'MODEL'; readonly modelId: string; readonly version: string | null; readonly stream: string | null };

const model = (modelId: string, version: string | null, stream: string | null): FactScope => ({ kind: 'MODEL', modelId, version, stream });

/** The scope of an event; `facts` are the facts before or after it (it only looks up what an earlier event recorded). */
export const factScope = (e: RegistryEvent, facts: VerdictFacts): FactScope => {
  switch (e.type) {
    case 'FrameworkVersionPublished':
    case 'CertifierAccredited':
    case 'AccreditationSuspended':
    case 'AccreditationReinstated':
    case 'AccreditationWithdrawn':
    case 'EquivalenceProposed':
    case 'EquivalenceCountersigned':
    case 'EquivalenceRejected':
    case 'EquivalenceWithdrawn':
    case 'TestSuitePublished':
      return { kind: 'GLOBAL' };
    case 'ModelRegistered':
      return model(e.data.modelId, null, modelStreamId(e.data.modelId));
    case 'ModelVersionRegistered':
    case 'ModelVersionDeprecated':
      return model(e.data.modelId, e.data.version, modelStreamId(e.data.modelId));
    case 'CertificationIssued':
      return model(e.data.modelId, e.data.modelVersion, certificationStreamId(e.data.certificationId));
    case 'CertificationSuspended':
    case 'CertificationReinstated':
    case 'CertificationRevoked':
    case 'CertificationRenewed':
    case 'CertificationScopeAmended': {
      const issued = facts.certifications.get(e.data.certificationId)?.issued;
      return issued ? model(issued.modelId, issued.modelVersion, certificationStreamId(e.data.certificationId)) : { kind: 'NONE' };
    }
    case 'WeightsLocalisationRecorded':
    case 'WeightsRelocated':
    case 'LocalisationWithdrawn':
      return model(e.data.modelId, e.data.version, localisationStreamId(e.data.modelId, e.data.version));
    case 'TrainingDataProvenanceRecorded':
      return model(e.data.modelId, e.data.version, provenanceStreamId(e.data.modelId, e.data.version));
    case 'SandboxRunRequested':
    case 'SandboxRunCompleted':
      return model(e.data.modelId, e.data.modelVersion, sandboxRunStreamId(e.data.runId));
    case 'SandboxRunFailed':
      return { kind: 'NONE' };
    case 'DataTransferBasisRecorded':
      return model(e.data.modelId, null, null);
    case 'DataTransferBasisWithdrawn': {
      const basis = facts.transferBases.get(e.data.basisId);
      return basis ? model(basis.modelId, null, null) : { kind: 'NONE' };
    }
    case 'ConditionEvidenceRecorded':
    case 'ConditionEvidenceWithdrawn':
      return model(e.data.modelId, e.data.version, null);
    case 'FirmRegistered':
    case 'FirmRenamed':
    case 'RegulatorKeyRegistered':
    case 'RegulatorKeyWithdrawn':
    case 'PublicSectorSystemRegistered':
    case 'AuditCampaignOpened':
    case 'AuditorAssigned':
    case 'AuditOutcomeRecorded':
      return { kind: 'NONE' };
    default:
      return assertNever(e);
  }
};

/**
 * The streams holding one version's facts that the facts themselves name (the model's stream, the version's
 * certifications, localisation, provenance and completed sandbox runs). Streams the facts cannot name (transfer
 * bases, condition evidence, anything filed elsewhere than `factScope` says) are indexed by the caller.
 */
export const versionStreams = (facts: VerdictFacts, modelId: string, version: string): string[] => {
  const key = `${modelId}/${version}`;
  return [
    modelStreamId(modelId),
    ...(facts.certificationsByVersion.get(key) ?? []).map(certificationStreamId),
    localisationStreamId(modelId, version),
    provenanceStreamId(modelId, version),
    ...(facts.sandboxRuns.get(key) ?? []).map((r) => sandboxRunStreamId(r.runId)),
  ];
};
