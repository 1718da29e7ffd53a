import { badInput } from '@registry/kernel';

/** Opaque Relay cursors over a sort key; clients must not build them. */
export const encodeCursor = (key: string) => Buffer.from(`k:${key}`, 'utf8').toString('base64url');

export const decodeCursor = (cursor: string | null | undefined): string | undefined => {
  if (cursor === null || cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('k:') || encodeCursor(text.slice(2)) !== cursor) throw badInput('INPUT.INVALID_CURSOR', 'after is not a cursor this API returned', { field: 'after' });
  return text.slice(2);
};

export const pageSize = (first: number | null | undefined, max = 100): number => {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > max) throw badInput('INPUT.INVALID_PAGE_SIZE', `first must be between 1 and ${max}`, { field: 'first' });
  return size;
};
