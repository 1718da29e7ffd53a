import { en } from './locales/en';

/**
 * The sentence for a refusal of the registry's API, by its stable `extensions.reason` (`INPUT.INVALID`,
 * `QUERY.TOO_COSTLY`, `INTERNAL`...), never by its message: messages are the API's English, meant for developers.
 * A reason this build does not know (a code added to the API later, `HTTP.502` from a proxy) gets the generic
 * sentence; the code itself is always shown beside it for support. `NETWORK` is the client's own: no answer at all.
 */
export const reasonKey = (reason: string | undefined): string => {
  if (reason === 'NETWORK') return 'apiError.network';
  if (!reason || !/^[A-Z][A-Z_]*(\.[A-Z][A-Z0-9_]*)?$/.test(reason)) return 'apiError.fallback';
  const [family, code] = reason.split('.') as [string, string | undefined];
  const reasons: Record<string, unknown> = en.apiError.reasons;
  const entry = Object.hasOwn(reasons, family) ? reasons[family] : undefined;
  if (code === undefined) return typeof entry === 'string' ? `apiError.reasons.${family}` : 'apiError.fallback';
  return typeof entry === 'object' && entry !== null && typeof (entry as Record<string, unknown>)[code] === 'string' && Object.hasOwn(entry, code)
    ? `apiError.reasons.${family}.${code}`
    : 'apiError.fallback';
};

/** The field a refusal names (`input.jurisdiction`, `first`) as its label key, or null for one the pages never send. */
export const fieldKey = (field: string): string | null => {
  const name = field.split('.').pop() ?? field;
  return Object.hasOwn(en.apiError.fields, name) ? `apiError.fields.${name}` : null;
};
