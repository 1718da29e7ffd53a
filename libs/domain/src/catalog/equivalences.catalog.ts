import { EquivalenceCondition, EquivalenceProposed } from '../equivalence/equivalence.events';
import { RequirementRef, UseCase } from '../shared/values';
import {
  CN_GENAI,
  CN_GENAI_LABELING,
  EU_AI_ACT,
  EU_AI_ACT_HIGH_RISK,
  EU_AI_ACT_TRANSPARENCY,
  HK_AI,
  HK_AI_DRAFT,
  SG_MGF_GENAI,
  SG_MGF_GENAI_2024,
} from './frameworks.catalog';

/**
 * The demo catalog's mutual-recognition records. ALL ARE ILLUSTRATIVE: they show the mechanism (FULL and PARTIAL
 * strength, conditions, scope, countersigned or still pending); no regulator has agreed to any of them and they
 * are not legal advice.
 *
 * `countersign` says whether the demo loader also countersigns the proposal as the regulator of
 * `foreignJurisdiction`. The unsigned ones stay PROPOSED and recognise nothing: a verdict never counts them.
 * Recognition is never transitive either: HK-AI-02 → SG DIM-7 gives nothing towards the EU even if the EU
 * recognised DIM-7; the EU side needs its own record (here HK-AI-02 → ART-50).
 *
 * Which foreign version a ref names: recognition is per requirement ref, and the verdict counts an equivalence
 * only when its foreign ref names the very version in force at `asOf` (export-readiness.ts matches framework,
 * version and requirement id exactly). So each ref names a version that is in force, or will be, within the
 * equivalence's window (catalog.spec.ts checks it):
 * - EU high-risk articles exist only from `2024/1689-HR` (2 Dec 2027): recognised in advance, relied on from then.
 * - ART-50 and ART-53 are named in `2024/1689-ART50`, the version in force from 2 Aug 2026. When `2024/1689-HR`
 *   supersedes it, those recognitions stop counting (the verdict's validUntil says so) unless the same requirement
 *   is recognised again in the new version: hence the second ART-50 record, `eq-hk02-eu-art50-hr`. Later versions
 *   repeat each requirement unchanged (same id, title, applicability; checked by the spec), so re-recognition is
 *   a formality, but it is still the regulator's to countersign.
 * - CN refs name `2025-09`, in force for the whole window; SG has a single version.
 *
 * Scopes stay inside both requirements' `appliesWhen.useCases` (checked by the spec): recognising ART-14 for
 * `chatbot` would be meaningless, ART-14 does not apply there.
 */
export interface CatalogEquivalence {
  readonly proposal: Omit<EquivalenceProposed['data'], 'proposedAt'>;
  /** Countersign after proposing (by the regulator of `proposal.foreignJurisdiction`), putting it in force. */
  readonly countersign: boolean;
}

const EFFECTIVE_FROM = '2026-06-01T00:00:00.000Z';
/** SG recognitions are illustrated with a fixed two-year term, to show an equivalence that will expire. */
const SG_REVIEW_DATE = '2028-06-01T00:00:00.000Z';

const hk = (requirementId: string): RequirementRef => ({ framework: HK_AI, version: HK_AI_DRAFT, requirementId });
/** Named for the high-risk articles, and for ART-50 once this version is in force. */
const euHighRisk = (requirementId: string): RequirementRef => ({ framework: EU_AI_ACT, version: EU_AI_ACT_HIGH_RISK, requirementId });
const euTransparency = (requirementId: string): RequirementRef => ({ framework: EU_AI_ACT, version: EU_AI_ACT_TRANSPARENCY, requirementId });
const cn = (requirementId: string): RequirementRef => ({ framework: CN_GENAI, version: CN_GENAI_LABELING, requirementId });
const sg = (requirementId: string): RequirementRef => ({ framework: SG_MGF_GENAI, version: SG_MGF_GENAI_2024, requirementId });

interface Entry {
  readonly id: string;
  readonly hk: RequirementRef;
  readonly foreign: RequirementRef;
  readonly jurisdiction: string;
  readonly useCases: readonly UseCase[];
  /** Absent: FULL. Present: PARTIAL with these conditions (ids C1, C2, ... in order). */
  readonly conditions?: readonly string[];
  readonly effectiveUntil?: string;
  readonly countersign: boolean;
}

const equivalence = (e: Entry): CatalogEquivalence => {
  const conditions: EquivalenceCondition[] = (e.conditions ?? []).map((text, i) => ({ id: `C${i + 1}`, text }));
  return {
    proposal: {
      equivalenceId: e.id,
      hk: e.hk,
      foreign: e.foreign,
      foreignJurisdiction: e.jurisdiction,
      strength: conditions.length > 0 ? 'PARTIAL' : 'FULL',
      conditions,
      scope: { useCases: e.useCases },
      effectiveFrom: EFFECTIVE_FROM,
      effectiveUntil: e.effectiveUntil ?? null,
      illustrative: true,
    },
    countersign: e.countersign,
  };
};

const HIRING_LENDING = ['hiring', 'lending'];
const GENERATIVE_USES = ['chatbot', 'content-generation'];

export const CATALOG_EQUIVALENCES: readonly CatalogEquivalence[] = [
  // ----- EU: high-risk (Annex III) articles, named in 2024/1689-HR -----
  equivalence({ id: 'eq-hk08-eu-art14', hk: hk('HK-AI-08'), foreign: euHighRisk('ART-14'), jurisdiction: 'EU', useCases: HIRING_LENDING, countersign: true }),
  equivalence({ id: 'eq-hk01-eu-art9', hk: hk('HK-AI-01'), foreign: euHighRisk('ART-9'), jurisdiction: 'EU', useCases: HIRING_LENDING, countersign: true }),
  equivalence({ id: 'eq-hk01-eu-art15', hk: hk('HK-AI-01'), foreign: euHighRisk('ART-15'), jurisdiction: 'EU', useCases: ['lending'], countersign: true }),
  equivalence({
    id: 'eq-hk07-eu-art10',
    hk: hk('HK-AI-07'),
    foreign: euHighRisk('ART-10'),
    jurisdiction: 'EU',
    useCases: HIRING_LENDING,
    conditions: [
      'Data-governance documentation in EU format: design choices, data origin, preparation operations, assumptions and the examination for bias',
      'Evidence that training, validation and testing data are representative of the people in the EU the system will be used on',
    ],
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk09-eu-art17',
    hk: hk('HK-AI-09'),
    foreign: euHighRisk('ART-17'),
    jurisdiction: 'EU',
    useCases: HIRING_LENDING,
    conditions: ['A documented quality management system covering the elements Art 17 lists, of which the accountability chain is one'],
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk10-eu-art72',
    hk: hk('HK-AI-10'),
    foreign: euHighRisk('ART-72'),
    jurisdiction: 'EU',
    useCases: HIRING_LENDING,
    conditions: ['A post-market monitoring plan, kept as part of the technical documentation'],
    countersign: true,
  }),
  // Pending: the EU has not countersigned, so once ART-13 applies an EU verdict shows it as a GAP whatever the certification says.
  equivalence({
    id: 'eq-hk04-eu-art13',
    hk: hk('HK-AI-04'),
    foreign: euHighRisk('ART-13'),
    jurisdiction: 'EU',
    useCases: ['hiring', 'lending', 'law-enforcement'],
    countersign: false,
  }),

  // ----- EU: transparency and general-purpose AI -----
  equivalence({
    id: 'eq-hk02-eu-art50',
    hk: hk('HK-AI-02'),
    foreign: euTransparency('ART-50'),
    jurisdiction: 'EU',
    useCases: GENERATIVE_USES,
    countersign: true,
  }),
  // The same recognition for the version that supersedes 2024/1689-ART50 on 2 Dec 2027 (see the header).
  equivalence({
    id: 'eq-hk02-eu-art50-hr',
    hk: hk('HK-AI-02'),
    foreign: euHighRisk('ART-50'),
    jurisdiction: 'EU',
    useCases: GENERATIVE_USES,
    countersign: true,
  }),
  // Pending: provenance records go some way towards Art 53's copyright policy and training-content summary.
  equivalence({
    id: 'eq-hk06-eu-art53',
    hk: hk('HK-AI-06'),
    foreign: euTransparency('ART-53'),
    jurisdiction: 'EU',
    useCases: GENERATIVE_USES,
    conditions: [
      'A copyright policy that identifies and honours text-and-data-mining reservations of rights',
      'A public summary of the content used for training, in the template the AI Office provides',
    ],
    countersign: false,
  }),

  // ----- Mainland China -----
  equivalence({
    id: 'eq-hk06-cn-genai7',
    hk: hk('HK-AI-06'),
    foreign: cn('GENAI-7'),
    jurisdiction: 'CN',
    useCases: GENERATIVE_USES,
    conditions: ['Personal information in the training data processed with consent or another legal basis under the PIPL'],
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk02-cn-lbl-implicit',
    hk: hk('HK-AI-02'),
    foreign: cn('LBL-IMPLICIT'),
    jurisdiction: 'CN',
    useCases: GENERATIVE_USES,
    conditions: ['Implicit labels written in the metadata format GB 45438-2025 specifies'],
    countersign: true,
  }),
  // Pending: HK reporting goes to the HK registry; CN wants reports to its own authorities.
  equivalence({
    id: 'eq-hk10-cn-genai14',
    hk: hk('HK-AI-10'),
    foreign: cn('GENAI-14'),
    jurisdiction: 'CN',
    useCases: GENERATIVE_USES,
    conditions: ['Illegal content reported to the competent mainland authorities as well as to the HK registry'],
    countersign: false,
  }),

  // ----- Singapore (with a fixed term: they lapse on the review date unless renewed) -----
  equivalence({
    id: 'eq-hk09-sg-dim1',
    hk: hk('HK-AI-09'),
    foreign: sg('DIM-1'),
    jurisdiction: 'SG',
    useCases: GENERATIVE_USES,
    effectiveUntil: SG_REVIEW_DATE,
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk10-sg-dim4',
    hk: hk('HK-AI-10'),
    foreign: sg('DIM-4'),
    jurisdiction: 'SG',
    useCases: GENERATIVE_USES,
    effectiveUntil: SG_REVIEW_DATE,
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk05-sg-dim5',
    hk: hk('HK-AI-05'),
    foreign: sg('DIM-5'),
    jurisdiction: 'SG',
    useCases: GENERATIVE_USES,
    effectiveUntil: SG_REVIEW_DATE,
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk02-sg-dim7',
    hk: hk('HK-AI-02'),
    foreign: sg('DIM-7'),
    jurisdiction: 'SG',
    useCases: GENERATIVE_USES,
    effectiveUntil: SG_REVIEW_DATE,
    countersign: true,
  }),
  equivalence({
    id: 'eq-hk06-sg-dim2',
    hk: hk('HK-AI-06'),
    foreign: sg('DIM-2'),
    jurisdiction: 'SG',
    useCases: GENERATIVE_USES,
    conditions: ['Evidence that personal data in the training sets is used in line with Singapore’s Personal Data Protection Act'],
    effectiveUntil: SG_REVIEW_DATE,
    countersign: true,
  }),
];
