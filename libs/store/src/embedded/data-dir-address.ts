import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockOwner } from './data-dir-lock';

export const ADDRESS_FILE = 'embedded-postgres.url';

// Where a running embedded Postgres listens, beside its lock, so other commands on this machine (the admin CLI) can
// reach the database while the server holds the folder.
export function publishAddress(dataDir: string, url: string): { remove(): void } {
  const path = join(dataDir, ADDRESS_FILE);
  writeFileSync(path, `${url}\n`, { mode: 0o600 });
  return { remove: () => rmSync(path, { force: true }) };
}

// The url of the embedded Postgres running on dataDir now, or undefined when none does.
export function runningAddress(dataDir: string): string | undefined {
  if (lockOwner(dataDir) === undefined) return undefined;
  try {
    return readFileSync(join(dataDir, ADDRESS_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
