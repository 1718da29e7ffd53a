/**
 * The use-case vocabulary of the demo catalog: every `appliesWhen.useCases` of a catalog framework and every
 * equivalence scope draws from this list (catalog.spec.ts checks it). Slugs follow `USE_CASE` in shared/values.
 *
 * The registry itself does not close the vocabulary (a use case is any valid slug); this list is what the demo
 * catalog speaks, so a newcomer can see which words trigger which requirements.
 */
export interface CatalogUseCase {
  readonly id: string;
  readonly description: string;
  /** Where the EU AI Act lists the use case as high-risk (Annex III point), if it does; null otherwise. */
  readonly euAnnexIII: string | null;
}

export const CATALOG_USE_CASES = [
  {
    id: 'hiring',
    description: 'Recruitment and selection of people: screening applications, evaluating candidates, promotion and termination decisions',
    euAnnexIII: '4',
  },
  { id: 'lending', description: 'Evaluating the creditworthiness of natural persons or establishing their credit score', euAnnexIII: '5(b)' },
  {
    id: 'law-enforcement',
    description: 'Use by or on behalf of law-enforcement authorities, e.g. assessing evidence reliability or the risk of offending',
    euAnnexIII: '6',
  },
  { id: 'chatbot', description: 'A conversational assistant that interacts directly with members of the public', euAnnexIII: null },
  { id: 'content-generation', description: 'Generating synthetic text, images, audio or video for publication or distribution', euAnnexIII: null },
  // Not modelled as high-risk here: medical AI is high-risk in the EU through Annex I (medical-device law), not Annex III.
  { id: 'medical-triage', description: 'Prioritising patients or suggesting urgency levels to support clinical staff', euAnnexIII: null },
] as const satisfies readonly CatalogUseCase[];

export type CatalogUseCaseId = (typeof CATALOG_USE_CASES)[number]['id'];

export const CATALOG_USE_CASE_IDS: readonly CatalogUseCaseId[] = CATALOG_USE_CASES.map((u) => u.id);

/** The high-stakes decisions of the demo: EU AI Act Annex III points 4, 5(b) and 6; HK-AI's algorithmic-audit scope. */
export const HIGH_STAKES_USE_CASES = ['hiring', 'lending', 'law-enforcement'] as const satisfies readonly CatalogUseCaseId[];
