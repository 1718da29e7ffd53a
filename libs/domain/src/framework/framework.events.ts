import { DomainEvent, streamName } from '@registry/kernel';
import { Instant, Jurisdiction, UseCase } from '../shared/values';

/**
 * When a requirement applies. Every present condition must hold (AND); an absent one does not restrict.
 * `useCases`: the use case judged is one of these. `generative` / `generalPurpose`: the model's kind matches.
 */
export interface AppliesWhen {
  readonly useCases?: readonly UseCase[];
  readonly generative?: boolean;
  readonly generalPurpose?: boolean;
}

/** A requirement some record satisfies directly, without an equivalence (e.g. "weights hosted in CN"). */
export type DirectSatisfaction =
  | { readonly kind: 'LOCALISATION'; readonly jurisdictions: readonly Jurisdiction[] }
  | { readonly kind: 'TRANSFER_BASIS'; readonly origin: Jurisdiction; readonly destinations: readonly Jurisdiction[]; readonly mechanisms: readonly string[] }
  /** A training-data provenance record for the version's exact weights, every source with a legal basis. */
  | { readonly kind: 'PROVENANCE' }
  /** A passing sandbox run for the version's exact weights under the suite version in force for the use case. */
  | { readonly kind: 'SANDBOX' };

export interface Requirement {
  /** Stable id within the framework, e.g. `ART-14`, `HK-AI-07`. */
  readonly id: string;
  readonly title: string;
  readonly appliesWhen: AppliesWhen;
  readonly satisfiedBy?: DirectSatisfaction;
}

export type FrameworkVersionPublished = DomainEvent<
  'FrameworkVersionPublished',
  {
    frameworkId: string;
    version: string;
    /** Whose rules these are (HK for HK-AI, EU for the AI Act, ...). */
    jurisdiction: Jurisdiction;
    title: string;
    /** From when this version is the one in force; the previous version is superseded from then on. */
    effectiveFrom: Instant;
    requirements: readonly Requirement[];
    publishedAt: Instant;
  }
>;

export type FrameworkEvent = FrameworkVersionPublished;

export const frameworkStreamId = (frameworkId: string) => streamName('framework', frameworkId);
export const FRAMEWORK_ID = /^[A-Z][A-Z0-9-]{1,31}$/;
export const FRAMEWORK_VERSION = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$/;
export const REQUIREMENT_ID = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;
