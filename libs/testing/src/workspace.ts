import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The monorepo's root (where nx.json is), from wherever this file runs: sources or a build.
export const WORKSPACE = findWorkspace(__dirname);

function findWorkspace(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'nx.json'))) return dir;
  throw new Error(
    `no nx.json above ${from}: @backtrack/testing runs inside the Backtrack workspace`,
  );
}
