import { badInput } from '@registry/kernel';
import { isBefore, toTime } from '../shared/values';

/**
 * The "function" of an algorithmic tool in the UK Algorithmic Transparency Recording Standard (ATRS v3, metadata
 * and tier 1): the area of public decisions it serves. The high-stakes areas are those the policy paper names
 * (hiring, lending, law enforcement) and those where a decision decides a person's livelihood, liberty or
 * rights (benefits, immigration, child welfare, health, education admissions, housing).
 */
export const DECISION_AREAS = [
  'HIRING',
  'LENDING',
  'BENEFITS',
  'LAW_ENFORCEMENT',
  'IMMIGRATION',
  'CHILD_WELFARE',
  'HEALTH',
  'EDUCATION',
  'HOUSING',
  'TAXATION',
  'TRANSPORT',
  'PUBLIC_INFORMATION',
  'OTHER',
] as const;
export type DecisionArea = (typeof DECISION_AREAS)[number];

export const HIGH_STAKES_AREAS: ReadonlySet<DecisionArea> = new Set<DecisionArea>([
  'HIRING',
  'LENDING',
  'BENEFITS',
  'LAW_ENFORCEMENT',
  'IMMIGRATION',
  'CHILD_WELFARE',
  'HEALTH',
  'EDUCATION',
  'HOUSING',
]);

/** Derived from the area, never stated separately: a flag that could contradict its area would mislead the baseline. */
export const isHighStakes = (area: DecisionArea): boolean => HIGH_STAKES_AREAS.has(area);

/** ATRS v3 "phase" of the tool. */
export const SYSTEM_PHASES = ['PRE_DEPLOYMENT', 'BETA', 'PRODUCTION', 'RETIRED'] as const;
export type SystemPhase = (typeof SYSTEM_PHASES)[number];

/** An auditor's overall rating of a system, and of each finding. */
export const RISK_RATINGS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskRating = (typeof RISK_RATINGS)[number];

/** Ids of systems, campaigns and bureaus: 2 to 64 lowercase letters, digits or dashes. */
export const PUBLIC_SECTOR_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** A public contact: one mailbox, as ATRS tier 1 asks ("contact email"). Deliberately plain: no display names, no comments. */
export const CONTACT_EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;
export const WEBSITE_URL = /^https:\/\/[^\s]{3,500}$/;

export const TEXT_MAX = 2000;
export const SHORT_TEXT_MAX = 200;

export const invalid = (code: string, field: string, message: string) => badInput(code, message, { field });

export const checkId = (code: string, field: string, value: string) => {
  if (!PUBLIC_SECTOR_ID.test(value)) throw invalid(code, field, `${field} must be 2 to 64 lowercase letters, digits or dashes`);
};

export const checkText = (code: string, field: string, value: string, max = SHORT_TEXT_MAX) => {
  if (!value.trim() || value.length > max) throw invalid(code, field, `${field} must be 1 to ${max} characters`);
};

export const checkInstant = (code: string, field: string, value: string) => {
  if (Number.isNaN(toTime(value))) throw invalid(code, field, `${field} must be an ISO-8601 instant`);
};

export const checkNotAfter = (code: string, field: string, value: string, limit: string) => {
  checkInstant(code, field, value);
  if (isBefore(limit, value)) throw invalid(code, field, `${field} must not be in the future`);
};
