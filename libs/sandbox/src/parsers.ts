import { parse } from 'csv-parse';
import { ScoringErrors } from './scorer';

/** One parsed prediction and the 1-based line it came from. */
export interface PredictionLine {
  readonly rowId: string;
  readonly prediction: unknown;
  readonly line: number;
}

export type PredictionFormat = 'csv' | 'jsonl';
export const CSV_HEADER = 'rowId,prediction';
/** A line longer than this is refused as malformed before it is buffered further. */
export const MAX_LINE_BYTES = 1024;

/**
 * CSV (RFC 4180, via csv-parse) with the header `rowId,prediction`; predictions `0` or `1`. Streaming: a
 * record at a time, never the whole file. A leading UTF-8 byte order mark (Excel's "CSV UTF-8" writes one) is
 * dropped, even when it arrives split over chunks; one anywhere else is data.
 */
export async function* parseCsvPredictions(source: AsyncIterable<Buffer | string>): AsyncGenerator<PredictionLine> {
  // Records are taken as the parser emits them on each write (its 'data' events), a chunk's worth at a time:
  // iterating the parser record by record as a stream cost five times as much.
  const parser = parse({ bom: true, max_record_size: MAX_LINE_BYTES, skip_empty_lines: true, trim: true });
  const pending: { record: string[]; info: { lines: number } }[] = [];
  let failure: unknown;
  // The parser's running line count (its `info` option, per record, costs three times the parse).
  parser.on('data', (record: string[]) => pending.push({ record, info: { lines: parser.info.lines } }));
  parser.on('error', (e) => (failure ??= e));
  let header = false;
  const take = function* (): Generator<PredictionLine> {
    if (failure) throw csvFailure(failure);
    for (let i = 0; i < pending.length; i++) {
      const { record, info } = pending[i];
      if (!header) {
        if (record.join(',') !== CSV_HEADER) throw ScoringErrors.missingHeader(CSV_HEADER);
        header = true;
        continue;
      }
      if (record.length !== 2) throw ScoringErrors.malformedLine(info.lines, 'a line is a row id and a prediction');
      const [rowId, value] = record;
      yield { rowId, prediction: value === '0' ? 0 : value === '1' ? 1 : value, line: info.lines };
    }
    pending.length = 0;
  };
  try {
    for await (const chunk of source) {
      parser.write(chunk);
      yield* take();
    }
    // A parser that already failed (its error may come a tick after the write) never finishes: do not wait for it.
    if (!parser.destroyed && !failure)
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        parser.once('finish', done);
        parser.once('close', done);
        parser.once('error', done);
        parser.end();
      });
    yield* take();
  } finally {
    parser.destroy();
  }
  if (!header) throw ScoringErrors.missingHeader(CSV_HEADER);
}

/** csv-parse's own errors (quotes, record size, column count) carry `code: CSV_…` and the line. */
const csvFailure = (error: unknown) => {
  const e = error as { code?: string; lines?: number };
  return typeof e.code === 'string' && e.code.startsWith('CSV_') ? ScoringErrors.malformedLine(e.lines ?? 0, 'not valid CSV') : error;
};

/**
 * JSON Lines: one `{"rowId": "...", "prediction": 0|1}` per line; blank lines are skipped. A leading UTF-8 byte
 * order mark is dropped (JSON.parse refuses one); one anywhere else makes its line malformed.
 */
export async function* parseJsonlPredictions(source: AsyncIterable<Buffer | string>): AsyncGenerator<PredictionLine> {
  let line = 0;
  for await (const raw of lines(source)) {
    line++;
    const text = line === 1 && raw.charCodeAt(0) === BOM ? raw.slice(1) : raw;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw ScoringErrors.malformedLine(line, 'not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw ScoringErrors.malformedLine(line, 'a line is a JSON object');
    const { rowId, prediction, ...rest } = value as Record<string, unknown>;
    if (typeof rowId !== 'string' || Object.keys(rest).length > 0)
      throw ScoringErrors.malformedLine(line, 'a line has exactly "rowId" (a string) and "prediction"');
    yield { rowId, prediction, line };
  }
}

/** U+FEFF, what a UTF-8 byte order mark (EF BB BF) decodes to. */
const BOM = 0xfeff;

export const parsePredictions = (format: PredictionFormat, source: AsyncIterable<Buffer | string>) =>
  format === 'csv' ? parseCsvPredictions(source) : parseJsonlPredictions(source);

/** Splits a byte stream into UTF-8 lines (LF or CRLF), refusing one longer than MAX_LINE_BYTES. */
async function* lines(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let pending: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  for await (const chunk of source) {
    let buf: Buffer = pending.length
      ? Buffer.concat([pending, typeof chunk === 'string' ? Buffer.from(chunk) : chunk])
      : typeof chunk === 'string'
        ? Buffer.from(chunk)
        : chunk;
    let start = 0;
    for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
      lineNo++;
      if (nl - start > MAX_LINE_BYTES) throw ScoringErrors.malformedLine(lineNo, `longer than ${MAX_LINE_BYTES} bytes`);
      const end = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      yield buf.toString('utf8', start, end);
      start = nl + 1;
    }
    pending = buf.subarray(start);
    if (pending.length > MAX_LINE_BYTES) throw ScoringErrors.malformedLine(lineNo + 1, `longer than ${MAX_LINE_BYTES} bytes`);
    buf = Buffer.alloc(0);
  }
  if (pending.length) yield pending.toString('utf8');
}
