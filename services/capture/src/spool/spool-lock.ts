import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';

// One process at a time sends a session's spool: the recorder while it runs, `backtrack sync` after.
export class SpoolLock {
  private constructor(private readonly path: string) {}

  // Undefined when a live process holds it; a lock left by a dead process is taken over.
  static acquire(path: string): SpoolLock | undefined {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new SpoolLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (isAlive(holderOf(path))) return undefined;
        rmSync(path, { force: true });
      }
    }
    return undefined;
  }

  release(): void {
    rmSync(this.path, { force: true });
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
