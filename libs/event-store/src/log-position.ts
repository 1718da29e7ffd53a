/**
 * A position in the global log.
 *
 * The log is ordered by (transactionId, globalPosition), not by globalPosition alone: a sequence number is
 * taken when a row is inserted, not when its transaction commits, so a writer that started earlier can commit
 * a *lower* sequence number after a reader has already passed it (the "gap" problem). Readers only see events
 * whose transaction id is below the oldest transaction still running (`pg_snapshot_xmin`), and every
 * transaction that could still commit has an id at or above that horizon, so nothing can ever appear *before*
 * a position a reader has returned. A position is therefore a stable prefix of history: `knownAt` replays
 * are exact. Its text form is `"<transactionId>.<globalPosition>"`, e.g. `"7431.1052"`.
 */
export interface LogPosition {
  readonly transactionId: bigint;
  readonly globalPosition: bigint;
}

export const LOG_START: LogPosition = { transactionId: 0n, globalPosition: 0n };

export const comparePositions = (a: LogPosition, b: LogPosition): number =>
  a.transactionId !== b.transactionId
    ? a.transactionId < b.transactionId
      ? -1
      : 1
    : a.globalPosition === b.globalPosition
      ? 0
      : a.globalPosition < b.globalPosition
        ? -1
        : 1;

export const maxPosition = (a: LogPosition, b: LogPosition): LogPosition => (comparePositions(a, b) >= 0 ? a : b);

export const formatPosition = (p: LogPosition): string => `${p.transactionId}.${p.globalPosition}`;

const POSITION_PATTERN = /^(\d{1,20})\.(\d{1,19})$/;

/** Parses the text form; returns undefined for anything else so callers can report the field. */
export const parsePosition = (text: string): LogPosition | undefined => {
  const m = POSITION_PATTERN.exec(text);
  return m ? { transactionId: BigInt(m[1]), globalPosition: BigInt(m[2]) } : undefined;
};
