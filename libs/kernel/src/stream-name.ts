/**
 * Stream names, unambiguous by construction. A name is `<category>-<part>/<part>/…` where every part is
 * percent-encoded (`encodeURIComponent`), so a part can never contain the `/` that separates parts, nor a
 * bare `%`. Joining ids with `-` was ambiguous (`pearl` + `chat-1.0` and `pearl-chat` + `1.0` both gave
 * `localisation-pearl-chat-1.0`), which let one firm own another firm's localisation stream.
 *
 * Categories are a fixed list: none is another followed by `-`, so the category is recovered from the name
 * too. A one-part name of an id that needs no escaping reads as before (`model-pearl-chat`).
 */
export const STREAM_CATEGORIES = [
  'firm',
  'framework',
  'certifier',
  'model',
  'certification',
  'equivalence',
  'localisation',
  'transfer-basis',
  'evidence',
  'regulator-key',
  'public-sector-system',
  'audit-campaign',
  'provenance',
  'test-suite',
  'sandbox-run',
] as const;

export type StreamCategory = (typeof STREAM_CATEGORIES)[number];

export const streamName = (category: StreamCategory, ...parts: readonly string[]): string => {
  if (parts.length === 0) throw new Error(`a ${category} stream name needs at least one id`);
  return `${category}-${parts.map((part) => encodeURIComponent(part)).join('/')}`;
};

/** The inverse of `streamName` (for tools and tests): the category and the ids it was built from. */
export const parseStreamName = (name: string): { category: StreamCategory; parts: string[] } | undefined => {
  // Longest category first, so `transfer-basis-x` is never read as a category `transfer`.
  const category = [...STREAM_CATEGORIES].sort((a, b) => b.length - a.length).find((c) => name.startsWith(`${c}-`));
  if (!category) return undefined;
  return {
    category,
    parts: name
      .slice(category.length + 1)
      .split('/')
      .map(decodeURIComponent),
  };
};
