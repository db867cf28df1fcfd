import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliConfig {
  server?: string;
  token?: string;
  bus?: string;
  // The account the token belongs to, as the gateway said at login; read, never sent.
  user?: string;
}

export function backtrackHome(): string {
  return process.env['BACKTRACK_HOME'] ?? join(homedir(), '.backtrack');
}

const configPath = () => join(backtrackHome(), 'config.json');

// Flags win over env, env over the saved file (written by `backtrack login`).
export function loadCliConfig(flags: CliConfig = {}): CliConfig {
  const saved: CliConfig = existsSync(configPath())
    ? JSON.parse(readFileSync(configPath(), 'utf8'))
    : {};
  const pick = (flag: string | undefined, env: string, stored: string | undefined) =>
    flag ?? process.env[env] ?? stored;
  const config: CliConfig = {};
  const server = pick(flags.server, 'BACKTRACK_URL', saved.server);
  const token = pick(flags.token, 'BACKTRACK_TOKEN', saved.token);
  const bus = pick(flags.bus, 'BACKTRACK_BUS', saved.bus);
  if (server) config.server = server.replace(/\/+$/, '');
  if (token) config.token = token;
  if (bus) config.bus = bus;
  if (saved.user && !flags.token && !process.env['BACKTRACK_TOKEN']) config.user = saved.user;
  return config;
}

export function saveCliConfig(config: CliConfig): string {
  mkdirSync(backtrackHome(), { recursive: true, mode: 0o700 });
  writeFileSync(configPath(), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  return configPath();
}
