import { appendFileSync, closeSync, createReadStream, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createWriteStream, WriteStream } from 'node:fs';
import { parse } from 'csv-parse';
import { SingleBar } from 'cli-progress';
import { csvRecords } from '../../apps/registry-api/src/public-sector/safe-csv';
import { GraphQLClient, RegistryRefusal } from './graphql-client';
import { COLUMNS, mutationFor, Operation, parseRow } from './import-rows';

export type ImportFormat = 'csv' | 'jsonl';

export interface ImportOptions {
  readonly file: string;
  readonly format?: ImportFormat;
  readonly client: GraphQLClient;
  readonly concurrency: number;
  /** Refused rows, with their codes: CSV (the row's columns, `line`, `errorCode`, `errorMessage`) or JSONL. */
  readonly rejects?: string;
  /** Completed rows' idempotency keys, one a line, appended as they complete; rows found there are not sent again. */
  readonly state?: string;
  readonly progress?: boolean;
  /** Set when the import should stop dispatching (Ctrl-C): rows in flight finish, the rest wait for the next run. */
  readonly signal?: AbortSignal;
}

export interface ImportSummary {
  rows: number;
  accepted: number;
  /** Rows whose key the state file already held: not sent. */
  skipped: number;
  rejected: number;
  rejectsByCode: Record<string, number>;
  interrupted: boolean;
  seconds: number;
  rowsPerSecond: number;
}

export const formatOf = (file: string, format?: string): ImportFormat => {
  if (format === 'csv' || format === 'jsonl') return format;
  if (format) throw new Error(`--format must be csv or jsonl, not ${format}`);
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  throw new Error(`cannot tell the format of ${file} from its name: pass --format csv or --format jsonl`);
};

const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** A file error as one line: the path, then what is wrong, in words where the code is a common one. */
export const fileProblem = (file: string, error: unknown): Error => {
  const code = (error as NodeJS.ErrnoException).code;
  return new Error(`${file}: ${(code && FILE_PROBLEMS[code]) ?? (error as Error).message}`);
};

/**
 * Refuses, as one line, a path the import cannot read through (missing, a directory, a FIFO, no permission)
 * before anything is sent: a stream would otherwise fail later, as an 'error' event nobody listens to.
 */
export const checkInputFile = (file: string): void => {
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    if (!stat.isFile()) throw new Error('not a regular file');
    closeSync(openSync(file, 'r'));
  } catch (error) {
    throw fileProblem(file, error);
  }
};

/** Opens (creates or empties) an output file now, so a path that cannot be written is refused before any row is sent. */
const checkOutputFile = (file: string, flags: 'w' | 'a'): void => {
  try {
    closeSync(openSync(file, flags));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: its directory does not exist`);
    throw fileProblem(file, error);
  }
};

/** Rows of a file, with their line, as objects; a JSONL line that is not JSON is yielded as an error. */
async function* rowsOf(file: string, format: ImportFormat): AsyncGenerator<{ line: number; row: unknown } | { line: number; error: string }> {
  // A read error after the file was opened (an I/O error, the file replaced by a directory) ends the rows with
  // that error, thrown to the caller as one line, instead of an unhandled 'error' event.
  const input = createReadStream(file);
  if (format === 'csv') {
    const parser = parse({
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: false,
    });
    input.on('error', (error) => parser.destroy(fileProblem(file, error)));
    input.pipe(parser);
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>)
        yield { line: info.lines, row: record };
    } catch (e) {
      // A malformed CSV (an unclosed quote, a row of the wrong width) stops the parse: the rest cannot be trusted.
      throw (e as Error).message.startsWith(`${file}: `) ? e : new Error(`${file}: ${(e as Error).message}`);
    } finally {
      input.destroy();
    }
    return;
  }
  input.setEncoding('utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  input.on('error', (error) => lines.emit('error', fileProblem(file, error)));
  let n = 0;
  try {
    for await (const text of lines) {
      n++;
      if (!text.trim()) continue;
      try {
        yield { line: n, row: JSON.parse(text) };
      } catch {
        yield { line: n, error: 'not a JSON object' };
      }
    }
  } finally {
    input.destroy();
  }
}

/** Roughly how many rows a file holds (its non-empty lines, less a CSV header), for the progress bar's ETA. */
const estimateRows = (file: string, format: ImportFormat): number => {
  if (statSync(file).size > 512 * 1024 * 1024) return 0;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim()).length;
  return Math.max(0, format === 'csv' ? lines - 1 : lines);
};

class Rejects {
  private out?: WriteStream;
  private headerWritten = false;
  constructor(
    private readonly file: string | undefined,
    private readonly format: ImportFormat,
  ) {}

  write(line: number, code: string, message: string, row: unknown): void {
    if (!this.file) return;
    this.out ??= createWriteStream(this.file, { flags: 'w' });
    if (this.format === 'jsonl') {
      this.out.write(`${JSON.stringify({ line, errorCode: code, errorMessage: message, row })}\n`);
      return;
    }
    const columns = [...COLUMNS, 'line', 'errorCode', 'errorMessage'];
    if (!this.headerWritten) {
      this.out.write(csvRecords([columns], 'lf'));
      this.headerWritten = true;
    }
    // csvRecords: cells quoted when they hold CR, LF, quotes or commas, and a cell starting = + - @ written after a '
    // so the file can be opened in a spreadsheet safely (a corrected row re-imported keeps that ' unless removed).
    const fields = row && typeof row === 'object' ? (row as Record<string, unknown>) : {};
    this.out.write(
      csvRecords(
        [[...COLUMNS.map((c) => (typeof fields[c] === 'string' ? fields[c] : fields[c] === undefined ? '' : JSON.stringify(fields[c]))), line, code, message]],
        'lf',
      ),
    );
  }

  async close(): Promise<void> {
    if (!this.out) {
      // A run with no refusal still leaves an empty rejects file, so a previous run's refusals are not mistaken for this one's.
      if (this.file) createWriteStream(this.file, { flags: 'w' }).end();
      return;
    }
    this.out.end();
    await once(this.out, 'finish');
  }
}

/**
 * Imports certification operations from a file through the registry's GraphQL mutations.
 *
 * Idempotent per row: each mutation carries the row's content-derived idempotency key, so a row sent twice (a
 * re-run, a retry after a timeout, a resume after Ctrl-C) is answered with its first result and writes nothing.
 * At most `concurrency` rows are in flight, rows on one certification one after the other in file order; the file is read as rows complete (streaming, bounded memory apart
 * from the state file's keys). A refused row goes to the rejects file with its code and does not stop the import.
 */
export const importCertifications = async (options: ImportOptions): Promise<ImportSummary> => {
  const format = formatOf(options.file, options.format);
  checkInputFile(options.file);
  if (options.rejects && resolve(options.rejects) === resolve(options.file)) throw new Error(`--rejects ${options.rejects}: that is the input file`);
  if (options.rejects) checkOutputFile(options.rejects, 'w');
  if (options.state) checkOutputFile(options.state, 'a');
  const done = new Set<string>(options.state && existsSync(options.state) ? readFileSync(options.state, 'utf8').split('\n').filter(Boolean) : []);
  const rejects = new Rejects(options.rejects, format);
  const summary: ImportSummary = { rows: 0, accepted: 0, skipped: 0, rejected: 0, rejectsByCode: {}, interrupted: false, seconds: 0, rowsPerSecond: 0 };
  const started = process.hrtime.bigint();
  const bar = options.progress
    ? new SingleBar({
        format: 'import |{bar}| {value}/{total} rows | {speed} rows/s | ETA {eta_formatted} | refused {rejected}',
        stream: process.stderr,
        etaBuffer: 200,
        fps: 5,
      })
    : undefined;
  bar?.start(estimateRows(options.file, format), 0, { speed: '0', rejected: 0 });

  const reject = (line: number, code: string, message: string, row: unknown) => {
    summary.rejected++;
    summary.rejectsByCode[code] = (summary.rejectsByCode[code] ?? 0) + 1;
    rejects.write(line, code, message, row);
  };
  const tick = () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const finished = summary.accepted + summary.rejected + summary.skipped;
    if (bar) {
      if (finished > bar.getTotal()) bar.setTotal(finished);
      bar.update(finished, { speed: (finished / Math.max(seconds, 0.001)).toFixed(0), rejected: summary.rejected });
    }
  };

  const send = async (operation: Operation, row: unknown) => {
    try {
      await options.client.request(mutationFor(operation.action), { input: operation.input });
      summary.accepted++;
      if (options.state) appendFileSync(options.state, `${operation.idempotencyKey}\n`);
      done.add(operation.idempotencyKey);
    } catch (e) {
      if (e instanceof RegistryRefusal) reject(operation.line, e.code, e.message, row);
      else reject(operation.line, 'CLI.FAILED', (e as Error).message, row);
    }
    tick();
  };

  const inFlight = new Set<Promise<void>>();
  const lastOf = new Map<string, Promise<void>>();
  try {
    for await (const item of rowsOf(options.file, format)) {
      if (options.signal?.aborted) {
        summary.interrupted = true;
        break;
      }
      summary.rows++;
      if ('error' in item) {
        reject(item.line, 'CLI.ROW_INVALID', item.error, undefined);
        tick();
        continue;
      }
      const parsed = parseRow(item.row, item.line);
      if (!parsed.ok) {
        reject(item.line, parsed.refusal.code, parsed.refusal.message, item.row);
        tick();
        continue;
      }
      if (done.has(parsed.operation.idempotencyKey)) {
        summary.skipped++;
        tick();
        continue;
      }
      // Rows on one certification apply in file order (an issue before its suspension); others run concurrently.
      const certificationId = String(parsed.operation.input.certificationId);
      const previous = lastOf.get(certificationId);
      const p: Promise<void> = (previous ? previous.then(() => send(parsed.operation, item.row)) : send(parsed.operation, item.row)).finally(() => {
        inFlight.delete(p);
        if (lastOf.get(certificationId) === p) lastOf.delete(certificationId);
      });
      lastOf.set(certificationId, p);
      inFlight.add(p);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
    if (options.signal?.aborted) summary.interrupted = true;
  } finally {
    await Promise.all(inFlight);
    bar?.stop();
    await rejects.close();
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  summary.rowsPerSecond = (summary.accepted + summary.rejected) / Math.max(summary.seconds, 0.001);
  return summary;
};

export const formatSummary = (s: ImportSummary, options: { rejects?: string; state?: string }): string => {
  const lines = [
    `${s.interrupted ? 'interrupted' : 'done'}: ${s.rows} rows read, ${s.accepted} accepted, ${s.rejected} refused, ${s.skipped} already done (state file) in ${s.seconds.toFixed(1)} s (${s.rowsPerSecond.toFixed(0)} rows/s)`,
  ];
  for (const [code, n] of Object.entries(s.rejectsByCode).sort(([, a], [, b]) => b - a)) lines.push(`  refused ${code}: ${n}`);
  if (s.rejected && options.rejects) lines.push(`refused rows and their codes: ${options.rejects}`);
  if (s.interrupted)
    lines.push(
      `re-run the same command to finish: rows already written carry the same idempotency keys and write nothing again${options.state ? ` (and ${options.state} skips them)` : ''}`,
    );
  return lines.join('\n');
};
