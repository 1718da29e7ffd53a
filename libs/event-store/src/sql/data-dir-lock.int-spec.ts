import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir-lock';
import { PgliteDatabase } from './pglite-database';

const LOCK_MODULE = join(__dirname, 'data-dir-lock.ts');

/** Another process that takes the lock, says so on stdout, then waits to be killed. */
const holderProcess = (dataDir: string) => {
  // node itself (not the tsx wrapper, which would hold the lock in a grandchild) with tsx's loader.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `require(${JSON.stringify(LOCK_MODULE)}).lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000);`,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: join(__dirname, '../../../..'),
    },
  );
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { child, locked };
};

describe('embedded data directory lock', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'registry-lock-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a second open of one data directory, naming it, until the first is closed', async () => {
    const first = await PgliteDatabase.open(dataDir);
    await expect(PgliteDatabase.open(dataDir)).rejects.toThrow(DataDirInUseError);
    await expect(PgliteDatabase.open(dataDir)).rejects.toThrow(dataDir);
    await first.close();
    const again = await PgliteDatabase.open(dataDir);
    await again.close();
    expect(existsSync(join(dataDir, 'registry.lock'))).toBe(false);
  });

  it('refuses while another live process holds it, and takes it over once that process was killed', async () => {
    const holder = holderProcess(dataDir);
    try {
      await holder.locked;
      expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`in use by another registry process \\(pid ${holder.child.pid} `));
      const exited = new Promise((resolve) => holder.child.on('exit', resolve));
      holder.child.kill('SIGKILL');
      await exited;
      // The dead holder's file is still there; a restart after a crash must not need a manual step.
      expect(existsSync(join(dataDir, 'registry.lock'))).toBe(true);
      const release = lockDataDir(dataDir);
      release();
    } finally {
      holder.child.kill('SIGKILL');
    }
  });
});
