import { getAlpha2Codes } from 'i18n-iso-countries';
import { badInput } from '@registry/kernel';

/**
 * Value types shared by the registry's aggregates. Checks here are domain invariants (a decider refuses a
 * command that breaks them); the API also validates the same shapes at the edge, for field-level messages.
 */

/**
 * ISO 3166-1 alpha-2 as maintained by i18n-iso-countries (a pure data package, no I/O: the layering test allows
 * it here), plus EU, which the registry treats as a jurisdiction. A pattern such as /^[A-Z]{2}$/ let `JJ` or
 * the user-assigned `XX` through as if they named a country.
 */
export type Jurisdiction = string;
export const JURISDICTION_CODES: ReadonlySet<string> = new Set([...Object.keys(getAlpha2Codes()), 'EU']);
export const isJurisdiction = (value: unknown): value is Jurisdiction => typeof value === 'string' && JURISDICTION_CODES.has(value);
/** Keeps the `test` shape of the pattern it replaced, so every caller of `JURISDICTION.test(…)` checks the list. */
export const JURISDICTION: { readonly test: (value: string) => boolean } = { test: isJurisdiction };

/** `sha256:` + 64 lowercase hex: the identity of a model version's exact weights. */
export type WeightsDigest = string;
export const WEIGHTS_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Use cases named by frameworks' applicability rules (lower-case slugs: `lending`, `hiring`, `chatbot`). */
export type UseCase = string;
export const USE_CASE = /^[a-z][a-z0-9-]{1,47}$/;

export type RiskTier = 'MINIMAL' | 'LIMITED' | 'HIGH';
export const RISK_TIERS: readonly RiskTier[] = ['MINIMAL', 'LIMITED', 'HIGH'];

/** What kind of model a version is; frameworks' requirements trigger on it. */
export interface ModelKind {
  readonly generative: boolean;
  readonly generalPurpose: boolean;
}

/** An instant as ISO-8601 UTC text; compared as Date values, never as strings from different zones. */
export type Instant = string;

export const toTime = (instant: Instant): number => Date.parse(instant);
export const isBefore = (a: Instant, b: Instant) => toTime(a) < toTime(b);
export const isAtOrBefore = (a: Instant, b: Instant) => toTime(a) <= toTime(b);

/** A framework version and one of its requirements, e.g. `{ framework: 'EU-AI-ACT', version: '2024/1689', requirementId: 'ART-14' }`. */
export interface RequirementRef {
  readonly framework: string;
  readonly version: string;
  readonly requirementId: string;
}

export const requirementKey = (r: RequirementRef) => `${r.framework}@${r.version}#${r.requirementId}`;

export const assertDigest = (field: string, value: string) => {
  if (!WEIGHTS_DIGEST.test(value)) throw badInput('INPUT.INVALID_DIGEST', `${field} must be sha256: followed by 64 lowercase hex digits`, { field });
};

export const assertUseCases = (field: string, values: readonly string[]) => {
  if (values.length === 0) throw badInput('INPUT.EMPTY_SCOPE', `${field} must name at least one use case`, { field });
  const bad = values.find((v) => !USE_CASE.test(v));
  if (bad) throw badInput('INPUT.INVALID_USE_CASE', `${field} has an invalid use case ${JSON.stringify(bad)}`, { field });
};

export const assertWindow = (fromField: string, from: Instant, untilField: string, until: Instant | null | undefined) => {
  if (Number.isNaN(toTime(from))) throw badInput('INPUT.INVALID_DATE', `${fromField} must be an ISO-8601 instant`, { field: fromField });
  if (until !== null && until !== undefined) {
    if (Number.isNaN(toTime(until))) throw badInput('INPUT.INVALID_DATE', `${untilField} must be an ISO-8601 instant`, { field: untilField });
    if (!isBefore(from, until)) throw badInput('INPUT.INVALID_WINDOW', `${untilField} must be after ${fromField}`, { field: untilField });
  }
};
