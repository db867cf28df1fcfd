import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'embedded-postgres.lock';

export interface DataDirLock {
  release(): void;
}

// Two PGlite instances writing one data folder corrupt it, so the folder is claimed with a file holding our pid.
// A lock left by a process that no longer runs (killed, crashed) is taken over.
export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (createExclusively(path)) return { release: () => rmSync(path, { force: true }) };
    const owner = ownerOf(path);
    if (owner !== undefined && isRunning(owner)) {
      const who = owner === process.pid ? 'this process' : `process ${owner}`;
      throw new Error(
        `the embedded database in ${dataDir} is already open by ${who}: stop it first (or, if no such process runs, delete ${path})`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new Error(`could not lock ${dataDir}: ${path} keeps reappearing`);
}

// Written aside then hard-linked into place, so no other process ever reads a half-written lock.
function createExclusively(path: string): boolean {
  const draft = `${path}.${process.pid}`;
  writeFileSync(draft, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

// The pid of the running process that holds dataDir, if any.
export function lockOwner(dataDir: string): number | undefined {
  const owner = ownerOf(join(dataDir, LOCK_FILE));
  return owner !== undefined && isRunning(owner) ? owner : undefined;
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    // Unreadable (e.g. emptied by a crashed disk): nobody can prove they hold it.
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
