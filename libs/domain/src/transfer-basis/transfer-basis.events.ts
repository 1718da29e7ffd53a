import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, Jurisdiction } from '../shared/values';

/**
 * The legal mechanism a cross-border transfer of training data relies on.
 * GBA_STANDARD_CONTRACT: the Standard Contract for Cross-boundary Flow of Personal Information within the
 * Guangdong-Hong Kong-Macao Greater Bay Area (Mainland, Hong Kong). CN_STANDARD_CONTRACT: the PIPL standard
 * contract for outbound transfers. SECURITY_ASSESSMENT: the CAC security assessment.
 */
export type TransferMechanism = 'GBA_STANDARD_CONTRACT' | 'CN_STANDARD_CONTRACT' | 'SECURITY_ASSESSMENT' | 'CERTIFICATION' | 'ADEQUACY' | 'CONSENT' | 'OTHER';
export const TRANSFER_MECHANISMS: readonly TransferMechanism[] = [
  'GBA_STANDARD_CONTRACT',
  'CN_STANDARD_CONTRACT',
  'SECURITY_ASSESSMENT',
  'CERTIFICATION',
  'ADEQUACY',
  'CONSENT',
  'OTHER',
];

/**
 * The jurisdiction codes a GBA Standard Contract may join. The GBA covers nine Mainland cities and Hong Kong;
 * codes are national, so `CN` here stands for the nine Mainland GBA cities (which city is for `dataScope` to say).
 */
export const GBA_JURISDICTIONS: readonly Jurisdiction[] = ['CN', 'HK'];

/**
 * On what legal basis a model's training data crossed a border (it holds for every version of the model).
 * `filingReference` is restricted data (owner, registrar, regulators, certifiers of the model read it).
 */
export type DataTransferBasisRecorded = DomainEvent<
  'DataTransferBasisRecorded',
  {
    basisId: string;
    modelId: string;
    originJurisdiction: Jurisdiction;
    destinationJurisdiction: Jurisdiction;
    mechanism: TransferMechanism;
    /** The filing's reference with the authority; required for GBA_STANDARD_CONTRACT. */
    filingReference: string | null;
    /** When the filing was made; required for GBA_STANDARD_CONTRACT, never after the record. */
    filingDate: Instant | null;
    /** What data the basis covers (categories of personal data, datasets). */
    dataScope: string;
    recordedAt: Instant;
  }
>;
/** Final: a basis id is never reused; a new basis is a new id. */
export type DataTransferBasisWithdrawn = DomainEvent<'DataTransferBasisWithdrawn', { basisId: string; modelId: string; reason: string; withdrawnAt: Instant }>;

export type TransferBasisEvent = DataTransferBasisRecorded | DataTransferBasisWithdrawn;

export const transferBasisStreamId = (basisId: string) => streamName('transfer-basis', basisId);
export const TRANSFER_BASIS_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
export const DATA_SCOPE_MAX = 2000;
export const FILING_REFERENCE_MAX = 200;
