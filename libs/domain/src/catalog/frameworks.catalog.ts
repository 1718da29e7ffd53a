import { PublishFrameworkVersion } from '../framework/framework.commands';
import { AppliesWhen, Requirement } from '../framework/framework.events';
import { HIGH_STAKES_USE_CASES } from './use-cases';

/**
 * The demo catalog's frameworks: every version to publish, in publication order, as `PublishFrameworkVersion`
 * data. Foreign frameworks carry the real instruments' article / clause numbers and titles (see
 * docs CATALOG-FACTS); where a title is not an official one it is our short wording. HK-AI is a DRAFT.
 *
 * Conventions:
 * - A version is a complete set of requirements, never a diff: a later version repeats every requirement of the
 *   earlier one that still applies, under the same id, title and applicability (catalog.spec.ts checks it), so an
 *   equivalence naming a requirement in the version that introduced it names the same duty in later versions.
 * - Dates are calendar dates taken as 00:00 UTC; the few hours between UTC and local midnight are ignored.
 * - `appliesWhen` can only say use case / generative / general-purpose. Legal triggers finer than that (systemic
 *   risk, "public-opinion attributes", services offered to the public) are approximated, and say so below.
 */
export type CatalogFrameworkVersion = PublishFrameworkVersion['data'];

const HIGH_RISK: AppliesWhen = { useCases: HIGH_STAKES_USE_CASES };
const GENERATIVE: AppliesWhen = { generative: true };
const GENERAL_PURPOSE: AppliesWhen = { generalPurpose: true };
const ALWAYS: AppliesWhen = {};

// ---------------------------------------------------------------------------------------------------------------
// EU: Regulation (EU) 2024/1689 (AI Act).
// Application dates (Art 113): Chapter V (general-purpose AI models, Art 51-56) from 2 Aug 2025; the rest,
// including Art 50 (Chapter IV), from 2 Aug 2026; Annex III high-risk obligations were due 2 Aug 2026 and a 2026
// "Digital Omnibus" political agreement moves them to 2 Dec 2027, which we have not seen in the Official Journal.
// Hence three versions, so that `asOf` picks the rules in force on a date.
// Not modelled: Art 71 (the EU database) binds the Commission, not providers; providers' side of it is Art 49.
// ---------------------------------------------------------------------------------------------------------------

export const EU_AI_ACT = 'EU-AI-ACT';
export const EU_AI_ACT_GPAI = '2024/1689';
export const EU_AI_ACT_TRANSPARENCY = '2024/1689-ART50';
export const EU_AI_ACT_HIGH_RISK = '2024/1689-HR';

const EU_GPAI: readonly Requirement[] = [
  { id: 'ART-53', title: 'Obligations for providers of general-purpose AI models', appliesWhen: GENERAL_PURPOSE },
  // Approximation: Art 55 binds only models with systemic risk (Art 51); the model kind cannot say so, so the
  // catalog triggers it for every general-purpose model (over-inclusive, illustrative).
  { id: 'ART-55', title: 'Obligations of providers of general-purpose AI models with systemic risk', appliesWhen: GENERAL_PURPOSE },
];

// Approximation: Art 50 also covers non-generative systems that interact with people (50(1)) and emotion
// recognition (50(3)); the catalog triggers it for generative models, whose outputs Art 50(2) requires to be marked.
const EU_TRANSPARENCY_REQS: readonly Requirement[] = [
  { id: 'ART-50', title: 'Transparency obligations for providers and deployers of certain AI systems', appliesWhen: GENERATIVE },
];

// Annex III point 4 (employment), 5(b) (creditworthiness) and 6 (law enforcement) only; other Annex III points
// and Annex I products are not in the demo vocabulary.
const EU_HIGH_RISK_REQS: readonly Requirement[] = [
  { id: 'ART-9', title: 'Risk management system', appliesWhen: HIGH_RISK },
  { id: 'ART-10', title: 'Data and data governance', appliesWhen: HIGH_RISK },
  { id: 'ART-11', title: 'Technical documentation', appliesWhen: HIGH_RISK },
  { id: 'ART-12', title: 'Record-keeping', appliesWhen: HIGH_RISK },
  { id: 'ART-13', title: 'Transparency and provision of information to deployers', appliesWhen: HIGH_RISK },
  { id: 'ART-14', title: 'Human oversight', appliesWhen: HIGH_RISK },
  { id: 'ART-15', title: 'Accuracy, robustness and cybersecurity', appliesWhen: HIGH_RISK },
  { id: 'ART-17', title: 'Quality management system', appliesWhen: HIGH_RISK },
  { id: 'ART-43', title: 'Conformity assessment', appliesWhen: HIGH_RISK },
  { id: 'ART-47', title: 'EU declaration of conformity', appliesWhen: HIGH_RISK },
  { id: 'ART-48', title: 'CE marking', appliesWhen: HIGH_RISK },
  { id: 'ART-49', title: 'Registration', appliesWhen: HIGH_RISK },
  { id: 'ART-72', title: 'Post-market monitoring by providers and post-market monitoring plan for high-risk AI systems', appliesWhen: HIGH_RISK },
];

const EU_VERSIONS: readonly CatalogFrameworkVersion[] = [
  {
    frameworkId: EU_AI_ACT,
    version: EU_AI_ACT_GPAI,
    jurisdiction: 'EU',
    title: 'Regulation (EU) 2024/1689 (AI Act): obligations for general-purpose AI models, applicable from 2 Aug 2025',
    effectiveFrom: '2025-08-02T00:00:00.000Z',
    requirements: EU_GPAI,
  },
  {
    frameworkId: EU_AI_ACT,
    version: EU_AI_ACT_TRANSPARENCY,
    jurisdiction: 'EU',
    title: 'Regulation (EU) 2024/1689 (AI Act): adds the Art 50 transparency obligations, applicable from 2 Aug 2026',
    effectiveFrom: '2026-08-02T00:00:00.000Z',
    requirements: [...EU_GPAI, ...EU_TRANSPARENCY_REQS],
  },
  {
    frameworkId: EU_AI_ACT,
    version: EU_AI_ACT_HIGH_RISK,
    jurisdiction: 'EU',
    title:
      'Regulation (EU) 2024/1689 (AI Act): adds the Annex III high-risk obligations, moved to 2 Dec 2027 by the 2026 Digital Omnibus political agreement (date to check: not yet in the Official Journal)',
    effectiveFrom: '2027-12-02T00:00:00.000Z',
    requirements: [...EU_GPAI, ...EU_TRANSPARENCY_REQS, ...EU_HIGH_RISK_REQS],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Mainland China. The Interim Measures bind generative services offered to the public in mainland China (Art 2);
// the catalog cannot say "offered to the public", so every requirement applies to generative models.
// GENAI-n ids are article numbers of the Interim Measures as read in unofficial English translations
// (Art 12 labeling confirmed by a secondary source; the others: check before relying on them).
// ---------------------------------------------------------------------------------------------------------------

export const CN_GENAI = 'CN-GENAI';
export const CN_GENAI_2023 = '2023-08';
export const CN_GENAI_LABELING = '2025-09';

/** The transfer mechanisms a CN → HK data-transfer basis may name for CN-XB-TRANSFER. */
export const CN_HK_TRANSFER_MECHANISMS = ['GBA_STANDARD_CONTRACT', 'CN_STANDARD_CONTRACT', 'SECURITY_ASSESSMENT'] as const;

const CN_INTERIM_MEASURES: readonly Requirement[] = [
  {
    id: 'GENAI-7',
    title: 'Training data from lawful sources, without infringing intellectual property; personal information only with consent or another legal basis',
    appliesWhen: GENERATIVE,
  },
  { id: 'GENAI-8', title: 'Clear data-annotation rules, trained annotators and checks on annotation quality', appliesWhen: GENERATIVE },
  {
    id: 'GENAI-11',
    title: 'Users’ input information and usage records protected, not unlawfully retained; personal-information requests handled',
    appliesWhen: GENERATIVE,
  },
  { id: 'GENAI-12', title: 'Generated images, video and other content labelled as the Deep Synthesis Provisions require', appliesWhen: GENERATIVE },
  {
    id: 'GENAI-14',
    title: 'Illegal content stopped, removed and remedied through model improvement, and reported to the authorities',
    appliesWhen: GENERATIVE,
  },
  { id: 'GENAI-15', title: 'Complaint and reporting channels set up and handled in good time', appliesWhen: GENERATIVE },
  // Approximation: Art 17 binds services "with public-opinion attributes or social-mobilisation capacity"; the
  // catalog triggers it for every generative model.
  { id: 'GENAI-17-SA', title: 'Security assessment for services with public-opinion attributes or social-mobilisation capacity', appliesWhen: GENERATIVE },
  { id: 'GENAI-17-FILING', title: 'Algorithm filing (beian) completed; model name and filing number shown to users', appliesWhen: GENERATIVE },
  // Illustrative, not a textual requirement of the Interim Measures: the demo's reading of mainland practice
  // (filing of a service run on the mainland; data-localisation duties of the Cybersecurity Law) as
  // "the weights of a service offered to the mainland public are hosted in mainland China".
  {
    id: 'CN-LOC',
    title: 'Model weights hosted in mainland China (illustrative reading of filing and localisation practice)',
    appliesWhen: GENERATIVE,
    satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['CN'] },
  },
  // Illustrative: the duty comes from the PIPL (Art 38 transfer mechanisms), which Art 7 of the Measures points to;
  // the GBA Standard Contract is the route for transfers from the nine mainland GBA cities to Hong Kong. PIPL
  // certification, another Art 38 mechanism, is not modelled.
  {
    id: 'CN-XB-TRANSFER',
    title: 'Lawful basis for transferring personal information in training data out of the mainland to Hong Kong (PIPL; GBA Standard Contract)',
    appliesWhen: GENERATIVE,
    satisfiedBy: { kind: 'TRANSFER_BASIS', origin: 'CN', destinations: ['HK'], mechanisms: CN_HK_TRANSFER_MECHANISMS },
  },
];

// Measures for Labeling AI-Generated Synthetic Content (CAC, MIIT, MPS, NRTA, released 14 Mar 2025) and the
// mandatory national standard GB 45438-2025 (released 28 Feb 2025), both in force 1 Sep 2025.
// Not modelled: GB/T 45654-2025 (basic safety requirements, in force 1 Nov 2025), a recommended standard.
const CN_LABELING: readonly Requirement[] = [
  {
    id: 'LBL-EXPLICIT',
    title: 'Explicit labels users can perceive on generated text, audio, images, video and virtual scenes (Labeling Measures; GB 45438-2025)',
    appliesWhen: GENERATIVE,
  },
  {
    id: 'LBL-IMPLICIT',
    title: 'Implicit labels in the file metadata of generated content, digital watermarks encouraged (Labeling Measures; GB 45438-2025)',
    appliesWhen: GENERATIVE,
  },
];

const CN_VERSIONS: readonly CatalogFrameworkVersion[] = [
  {
    frameworkId: CN_GENAI,
    version: CN_GENAI_2023,
    jurisdiction: 'CN',
    title: 'Interim Measures for the Management of Generative AI Services (生成式人工智能服务管理暂行办法, CAC Order No. 15), in force 15 Aug 2023',
    effectiveFrom: '2023-08-15T00:00:00.000Z',
    requirements: CN_INTERIM_MEASURES,
  },
  {
    frameworkId: CN_GENAI,
    version: CN_GENAI_LABELING,
    jurisdiction: 'CN',
    title: 'Interim Measures plus the Measures for Labeling AI-Generated Synthetic Content and GB 45438-2025, in force 1 Sep 2025',
    effectiveFrom: '2025-09-01T00:00:00.000Z',
    requirements: [...CN_INTERIM_MEASURES, ...CN_LABELING],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Singapore: Model AI Governance Framework for Generative AI (IMDA and AI Verify Foundation), final 30 May 2024.
// Voluntary guidance; its nine dimensions are modelled as requirements so equivalences can name them.
// ---------------------------------------------------------------------------------------------------------------

export const SG_MGF_GENAI = 'SG-MGF-GENAI';
export const SG_MGF_GENAI_2024 = '2024-05';

const SG_VERSIONS: readonly CatalogFrameworkVersion[] = [
  {
    frameworkId: SG_MGF_GENAI,
    version: SG_MGF_GENAI_2024,
    jurisdiction: 'SG',
    title: 'Model AI Governance Framework for Generative AI (IMDA, AI Verify Foundation), final 30 May 2024: nine dimensions',
    effectiveFrom: '2024-05-30T00:00:00.000Z',
    requirements: [
      { id: 'DIM-1', title: 'Accountability', appliesWhen: GENERATIVE },
      { id: 'DIM-2', title: 'Data', appliesWhen: GENERATIVE },
      { id: 'DIM-3', title: 'Trusted Development and Deployment', appliesWhen: GENERATIVE },
      { id: 'DIM-4', title: 'Incident Reporting', appliesWhen: GENERATIVE },
      { id: 'DIM-5', title: 'Testing and Assurance', appliesWhen: GENERATIVE },
      { id: 'DIM-6', title: 'Security', appliesWhen: GENERATIVE },
      { id: 'DIM-7', title: 'Content Provenance', appliesWhen: GENERATIVE },
      { id: 'DIM-8', title: 'Safety and Alignment R&D', appliesWhen: GENERATIVE },
      { id: 'DIM-9', title: 'AI for Public Good', appliesWhen: GENERATIVE },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// United States: NIST AI 100-1, AI Risk Management Framework 1.0 (26 Jan 2023), voluntary; its four functions.
// ---------------------------------------------------------------------------------------------------------------

export const NIST_AI_RMF = 'NIST-AI-RMF';

const NIST_VERSIONS: readonly CatalogFrameworkVersion[] = [
  {
    frameworkId: NIST_AI_RMF,
    version: '1.0',
    jurisdiction: 'US',
    title: 'NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0), 26 Jan 2023',
    effectiveFrom: '2023-01-26T00:00:00.000Z',
    requirements: [
      { id: 'GOVERN', title: 'Govern: a culture of AI risk management is cultivated and in place', appliesWhen: ALWAYS },
      { id: 'MAP', title: 'Map: context is established and risks related to it are identified', appliesWhen: ALWAYS },
      { id: 'MEASURE', title: 'Measure: identified risks are assessed, analysed or tracked', appliesWhen: ALWAYS },
      { id: 'MANAGE', title: 'Manage: risks are prioritised and acted upon by projected impact', appliesWhen: ALWAYS },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Hong Kong: the HK-AI Standard, a DRAFT. Each requirement is one mandate of the policy paper, worded by us;
// the personal-data and oversight ones are informed by the PCPD's Artificial Intelligence: Model Personal Data
// Protection Framework (11 Jun 2024) and its Guidance on the Ethical Development and Use of AI (18 Aug 2021).
// Nothing here is an adopted standard.
// ---------------------------------------------------------------------------------------------------------------

export const HK_AI = 'HK-AI';
export const HK_AI_DRAFT = '0.9-draft';

const HK_VERSIONS: readonly CatalogFrameworkVersion[] = [
  {
    frameworkId: HK_AI,
    version: HK_AI_DRAFT,
    jurisdiction: 'HK',
    title:
      'HK-AI Standard 0.9 — DRAFT derived from the policy paper’s mandates, informed by the PCPD Model Personal Data Protection Framework (2024) and Ethical AI Guidance (2021); not an adopted standard',
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    requirements: [
      {
        id: 'HK-AI-01',
        title: 'Independent algorithmic audit of systems used for high-stakes decisions (hiring, lending, law enforcement)',
        appliesWhen: HIGH_RISK,
      },
      { id: 'HK-AI-02', title: 'Watermarking: generated content carries a machine-readable mark of its AI origin', appliesWhen: GENERATIVE },
      {
        id: 'HK-AI-03',
        title: 'Model-weight localisation: the certified weights are held in Hong Kong by a named custodian',
        appliesWhen: ALWAYS,
        satisfiedBy: { kind: 'LOCALISATION', jurisdictions: ['HK'] },
      },
      {
        id: 'HK-AI-04',
        title: 'Right to explanation: a person affected by an automated decision can obtain its main reasons',
        appliesWhen: { useCases: [...HIGH_STAKES_USE_CASES, 'medical-triage'] },
      },
      { id: 'HK-AI-05', title: 'Bias and safety stress tests passed in the HK-AI sandbox', appliesWhen: ALWAYS, satisfiedBy: { kind: 'SANDBOX' } },
      {
        id: 'HK-AI-06',
        title: 'Training-data provenance: each source recorded with its intellectual-property basis',
        appliesWhen: ALWAYS,
        satisfiedBy: { kind: 'PROVENANCE' },
      },
      {
        id: 'HK-AI-07',
        title: 'Personal data protected across the AI lifecycle, with a lawful basis for any cross-boundary transfer (PCPD Model Framework, 2024)',
        appliesWhen: ALWAYS,
      },
      { id: 'HK-AI-08', title: 'Human oversight proportionate to risk, with the authority to intervene and override', appliesWhen: ALWAYS },
      { id: 'HK-AI-09', title: 'A defined accountability chain: named persons answerable for the system at each stage', appliesWhen: ALWAYS },
      { id: 'HK-AI-10', title: 'Incident reporting: serious incidents reported to the registry and to those affected', appliesWhen: ALWAYS },
    ],
  },
];

/**
 * Every catalog framework version, in the order to publish them: within a framework, by effectiveFrom (the
 * framework decider refuses a version not after the previous one). Publish them all before proposing equivalences.
 */
export const CATALOG_FRAMEWORKS: readonly CatalogFrameworkVersion[] = [...EU_VERSIONS, ...CN_VERSIONS, ...SG_VERSIONS, ...NIST_VERSIONS, ...HK_VERSIONS];
