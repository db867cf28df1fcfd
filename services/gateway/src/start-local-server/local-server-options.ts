import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface LocalServerOptions {
  // Holds the embedded database (and its lock); created on first start.
  dataDir: string;
  port: number;
  host: string;
}

export interface LocalServerFlags {
  data?: string;
  port?: string;
  host?: string;
}

export const DEFAULT_PORT = 7070;

// Where the CLI keeps its login (config.json), and the single-process server its data: BACKTRACK_HOME or ~/.backtrack.
export function backtrackHome(env: NodeJS.ProcessEnv): string {
  return env['BACKTRACK_HOME'] || join(homedir(), '.backtrack');
}

// `start` flags, with the defaults a first-time user gets; a bad value stops the start, naming the flag.
export function localServerOptions(
  flags: LocalServerFlags,
  env: NodeJS.ProcessEnv,
): LocalServerOptions {
  const port = Number(flags.port ?? DEFAULT_PORT);
  if (!/^\d+$/.test(String(flags.port ?? DEFAULT_PORT)) || port > 65535)
    throw new Error(`--port must be a port number from 0 to 65535 (got "${flags.port}")`);
  const host = flags.host ?? '127.0.0.1';
  if (host.trim() === '') throw new Error('--host must name an address, e.g. 127.0.0.1');
  if (flags.data !== undefined && flags.data.trim() === '')
    throw new Error('--data must name a folder, e.g. ~/.backtrack/data');
  return { dataDir: resolve(flags.data ?? join(backtrackHome(env), 'data')), port, host };
}
