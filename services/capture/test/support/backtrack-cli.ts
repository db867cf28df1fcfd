import { spawn } from 'node:child_process';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '../../../..');
const MAIN = join(__dirname, '../../src/main.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The CLI from its sources (never a stale build), as a shell command line and as an argv.
export function backtrackArgv(...args: string[]): string[] {
  return [process.execPath, '-r', require.resolve('@swc-node/register'), MAIN, ...args];
}

export function backtrackEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const key of ['BACKTRACK_URL', 'BACKTRACK_BUS', 'BACKTRACK_TOKEN']) delete env[key];
  return { ...env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.json'), ...extra };
}

export function runBacktrack(
  args: string[],
  options: { env: Record<string, string>; cwd: string; input?: string },
): Promise<CliRun> {
  const [node, ...rest] = backtrackArgv(...args);
  const child = spawn(node!, rest, {
    cwd: options.cwd,
    env: backtrackEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
