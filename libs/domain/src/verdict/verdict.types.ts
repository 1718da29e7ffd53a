import { ModelKind } from '../shared/values';

/** Where a fact came from: an event's id and its log position (text form), so a verdict can be audited. */
export interface EvidenceRef {
  readonly eventId: string;
  readonly position: string;
  readonly type: string;
}

export type LineStatus = 'SATISFIED' | 'CONDITIONAL' | 'GAP';
export type ReadinessStatus = 'READY' | 'CONDITIONAL' | 'NOT_READY';

/** Machine-readable reasons (the SDL's `ReadinessReason`, same name and values). SATISFIED lines say how; GAP lines say what is missing. */
/** Why no line could be judged at all (the SDL's `ReadinessBlocker`). */
export type ReadinessBlocker = 'MODEL_VERSION_NOT_FOUND' | 'NO_FRAMEWORK_IN_FORCE';

export type ReadinessReason =
  | 'FULL_EQUIVALENCE'
  | 'PARTIAL_EQUIVALENCE_EVIDENCED'
  | 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET'
  | 'SATISFIED_BY_LOCALISATION'
  | 'SATISFIED_BY_TRANSFER_BASIS'
  | 'NO_EQUIVALENCE'
  | 'EQUIVALENCE_NOT_COUNTERSIGNED'
  | 'EQUIVALENCE_REJECTED'
  | 'EQUIVALENCE_WITHDRAWN'
  | 'EQUIVALENCE_NOT_EFFECTIVE'
  | 'EQUIVALENCE_OUT_OF_SCOPE'
  | 'CERTIFICATION_MISSING'
  | 'CERTIFICATION_NOT_YET_VALID'
  | 'CERTIFICATION_EXPIRED'
  | 'CERTIFICATION_SUSPENDED'
  | 'CERTIFICATION_REVOKED'
  | 'CERTIFICATION_OUT_OF_SCOPE'
  | 'CERTIFICATION_WRONG_FRAMEWORK_VERSION'
  | 'HK_REQUIREMENT_NOT_PASSED'
  | 'CERTIFICATION_INTEGRITY_FAILURE'
  | 'LOCALISATION_MISSING'
  | 'LOCALISATION_ELSEWHERE'
  | 'LOCALISATION_DIGEST_MISMATCH'
  | 'TRANSFER_BASIS_MISSING'
  | 'SATISFIED_BY_PROVENANCE'
  | 'PROVENANCE_MISSING'
  | 'PROVENANCE_DIGEST_MISMATCH'
  | 'PROVENANCE_SOURCE_WITHOUT_BASIS'
  | 'SATISFIED_BY_SANDBOX_RUN'
  | 'SANDBOX_NO_SUITE'
  | 'SANDBOX_RUN_MISSING'
  | 'SANDBOX_RUN_FAILED'
  | 'SANDBOX_SUITE_SUPERSEDED'
  | 'SATISFIED_BY_CERTIFICATION';

/** Findings that make a verdict NOT_READY whatever else holds (DOMAIN.md, integrity rules). */
export type IntegrityCode = 'CERTIFICATION_DIGEST_MISMATCH' | 'LOCALISATION_DIGEST_MISMATCH' | 'ACCREDITATION_DID_NOT_COVER_ISSUE';

/** `R`: how evidence is referred to; `FactRef` (an index into the facts' evidence table) while judging, until `resolveVerdict`. */
export interface IntegrityFinding<R = EvidenceRef> {
  readonly code: IntegrityCode;
  readonly subject: string;
  readonly evidence: readonly R[];
}

export interface UnmetCondition {
  readonly equivalenceId: string;
  readonly conditionId: string;
  readonly text: string;
}

export interface VerdictLine<R = EvidenceRef> {
  readonly requirement: { readonly framework: string; readonly version: string; readonly requirementId: string; readonly title: string };
  readonly status: LineStatus;
  readonly reason: ReadinessReason;
  /** For CONDITIONAL lines: what a firm still has to evidence. */
  readonly unmetConditions: readonly UnmetCondition[];
  /** The HK-AI requirement and equivalence relied on, when one was. */
  readonly via: { readonly equivalenceId: string; readonly hkRequirementId: string; readonly certificationId: string | null } | null;
  readonly evidence: readonly R[];
}

export interface VerdictQuery {
  readonly modelId: string;
  readonly version: string;
  readonly jurisdiction: string;
  readonly useCase: string;
  /** The instant rules, validity and suspensions are judged at. */
  readonly asOf: string;
}

export interface Verdict<R = EvidenceRef> {
  readonly query: VerdictQuery;
  readonly status: ReadinessStatus;
  /** Set when the registry cannot judge at all (unknown model version, no framework in force). */
  readonly blocker: ReadinessBlocker | null;
  readonly modelKind: ModelKind | null;
  readonly modelVersionDeprecated: boolean;
  /** The target frameworks' versions in force at asOf. */
  readonly frameworks: readonly { readonly framework: string; readonly version: string }[];
  readonly lines: readonly VerdictLine<R>[];
  readonly integrity: readonly IntegrityFinding<R>[];
  /** Earliest instant after asOf at which something relied on lapses or the rules change; null if none. */
  readonly validUntil: string | null;
}
