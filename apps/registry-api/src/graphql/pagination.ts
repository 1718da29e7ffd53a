import { badInput } from '@registry/kernel';

/** Opaque Relay cursors over a sort key; clients must not build them. */
export const encodeCursor = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | null | undefined): string | undefined => {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:') || encodeCursor(text.slice(2)) !== cursor)
    throw badInput('INPUT.INVALID_CURSOR', 'after is not a cursor this API returned', { field: 'after' });
  return text.slice(2);
};

export const pageSize = (first: number | null | undefined, max = 100): number => {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > max) throw badInput('INPUT.INVALID_PAGE_SIZE', `first must be between 1 and ${max}`, { field: 'first' });
  return size;
};

/**
 * Relay `PageInfo` for a forward page (GraphQL Cursor Connections Specification, PageInfo): `rows` holds up to
 * `first + 1` rows fetched after the cursor, so one more row than asked means a next page. `hasPreviousPage` is
 * what the caller found before the page: false without `after`, and with `after`, whether any row matching the
 * same filters sorts at or before it (the spec lets forward paging answer this when it can do so efficiently).
 */
export const forwardPage = <R>(rows: readonly R[], first: number, key: (row: R) => string, hasPreviousPage: boolean) => {
  const page = rows.slice(0, first);
  return {
    page,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: page.length ? encodeCursor(key(page[0])) : null,
      endCursor: page.length ? encodeCursor(key(page[page.length - 1])) : null,
    },
  };
};
