import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** Directories this process holds, so a second open in the same process is refused too. */
const heldHere = new Set<string>();

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder | undefined,
  ) {
    super(
      `The embedded data directory ${dataDir} is in use by another registry process` +
        (holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : '') +
        `. Stop that process, or set REGISTRY_DATA_DIR to another directory. If no process is running, remove ${lockPath(dataDir)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

const lockPath = (dataDir: string) => join(dataDir, 'registry.lock');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = (path: string): Holder | undefined => {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? (holder as Holder) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * An exclusive lock on an embedded data directory. PGlite is one process's database: two processes on one
 * directory both acknowledge writes at the same log position and one is lost at the next start.
 *
 * The lock is a file created with O_EXCL that names its holder (pid, host). A holder that died (SIGKILL,
 * power loss) leaves the file behind; it is taken over when the pid is no longer alive on this host, so a
 * restart after a crash needs no manual step and no waiting for a staleness timeout. A holder on another
 * host (a shared network volume) cannot be checked, so it is never taken over.
 */
export const lockDataDir = (dir: string): (() => void) => {
  const dataDir = resolve(dir);
  if (heldHere.has(dataDir)) throw new DataDirInUseError(dataDir, { pid: process.pid, host: hostname(), since: 'earlier in this process' });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies Holder));
      closeSync(fd);
      heldHere.add(dataDir);
      return () => {
        heldHere.delete(dataDir);
        if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const abandoned = holder && holder.host === hostname() && (holder.pid === process.pid || !isAlive(holder.pid));
      // A file being written this instant has no holder yet: treat it as held (the writer is alive).
      if (!abandoned) throw new DataDirInUseError(dataDir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new DataDirInUseError(dataDir, readHolder(path));
};
