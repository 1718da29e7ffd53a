import { Actor } from '@registry/kernel';

/**
 * The parties the domain's specs act as, and the instant their commands are issued at: one definition, so that
 * "acme's admin" or "the registrar" is the same actor in every spec. Specs import them under their own names
 * (`cb1 as certifier`, `cac as regulator`).
 */
export const acme: Actor = { subject: 'acme-admin', role: 'FIRM', scope: 'acme' };
export const globex: Actor = { subject: 'globex-admin', role: 'FIRM', scope: 'globex' };
export const registrar: Actor = { subject: 'registrar-hk', role: 'REGISTRAR' };
export const cb1: Actor = { subject: 'cb-001', role: 'CERTIFIER', scope: 'cb-001' };
export const cb2: Actor = { subject: 'cb-002', role: 'CERTIFIER', scope: 'cb-002' };
/** The CN regulator (Cyberspace Administration of China). */
export const cac: Actor = { subject: 'cac', role: 'REGULATOR', scope: 'CN' };
/** The EU regulator (the AI Office). */
export const euAiOffice: Actor = { subject: 'eu-ai-office', role: 'REGULATOR', scope: 'EU' };
/** The SG regulator (IMDA). */
export const imda: Actor = { subject: 'imda', role: 'REGULATOR', scope: 'SG' };

/** When the specs' commands are issued. */
export const at = '2026-11-25T08:00:00.000Z';
