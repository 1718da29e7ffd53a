/**
 * The HK-AI sandbox's pure core (no Nest, no database): the seeded applicant generator and its content
 * address, the fairness metrics and their thresholds, the streaming scorer and its parsers, the endpoint-mode
 * batching. See docs/notes/sandbox.md.
 */
export * from './suites';
export * from './generator';
export * from './metrics';
export * from './scorer';
export * from './parsers';
export * from './reference-models';
export * from './endpoint';
