import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The `backtrack` CLI's saved login, $BACKTRACK_HOME/config.json, in the format its `backtrack login` writes
// (services/capture/src/config/cli-config.ts); the gateway cannot import capture, so the format is repeated here.
export interface CliLogin {
  server?: string;
  token?: string;
  bus?: string;
  user?: string;
}

export function cliLoginPath(home: string): string {
  return join(home, 'config.json');
}

export function readCliLogin(home: string): CliLogin | undefined {
  const path = cliLoginPath(home);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CliLogin;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
}

// Server, token and the user's name: a saved bus would make `backtrack record` publish past this server.
export function saveCliLogin(
  home: string,
  login: CliLogin & { server: string; token: string },
): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = cliLoginPath(home);
  writeFileSync(path, JSON.stringify(login, null, 2) + '\n', { mode: 0o600 });
  return path;
}
