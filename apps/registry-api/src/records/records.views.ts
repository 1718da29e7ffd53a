import { LogPosition } from '@registry/event-store';
import { ConditionEvidence, DataTransferBasis, RecordStatus, WeightsLocalization } from '@registry/contract';
import { ConditionEvidenceState, LocalisationState, TransferBasisState } from '@registry/domain';

/** Views carry what their `history` field needs: the stream and whether restricted data may be shown. */
export interface HistorySource {
  readonly streamId: string;
  readonly entitled: boolean;
  /** The history ends here when the view is of the log at a position (a mutation's answer as of its write). */
  readonly knownAt?: LogPosition;
}

export type WeightsLocalizationView = Omit<WeightsLocalization, 'history'> & { source: HistorySource };
export type DataTransferBasisView = Omit<DataTransferBasis, 'history'> & { source: HistorySource };
export type ConditionEvidenceView = Omit<ConditionEvidence, 'history'> & { source: HistorySource };

export const localizationView = (modelId: string, version: string, state: LocalisationState, source: HistorySource): WeightsLocalizationView | null => {
  if (state.status === 'NONE') return null;
  if (state.status === 'WITHDRAWN') return { modelId, version, status: RecordStatus.WITHDRAWN, source };
  const shown = source.entitled;
  return {
    modelId,
    version,
    status: RecordStatus.RECORDED,
    weightsDigest: state.weightsDigest,
    hostingJurisdiction: state.hostingJurisdiction,
    facility: shown ? state.facility : null,
    custodian: shown ? state.custodian : null,
    attestedBy: state.attestedBy,
    source,
  };
};

export const basisView = (state: TransferBasisState, source: HistorySource): DataTransferBasisView | null => {
  if (state.status === 'NONE') return null;
  const b = state.basis;
  return {
    id: b.basisId,
    modelId: b.modelId,
    status: RecordStatus[state.status],
    originJurisdiction: b.originJurisdiction,
    destinationJurisdiction: b.destinationJurisdiction,
    mechanism: b.mechanism,
    filingReference: source.entitled ? b.filingReference : null,
    filingDate: b.filingDate ? new Date(b.filingDate) : null,
    dataScope: b.dataScope,
    source,
  } as DataTransferBasisView;
};

export const evidenceView = (
  ids: { equivalenceId: string; modelId: string; version: string },
  state: ConditionEvidenceState,
  source: HistorySource,
  everRecorded: boolean,
): ConditionEvidenceView | null =>
  everRecorded ? { ...ids, evidencedConditionIds: state.status === 'EVIDENCED' ? [...state.conditionIds] : [], source } : null;
