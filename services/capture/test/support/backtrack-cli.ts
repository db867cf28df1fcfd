import { CliRun, runOnce, serviceArgv, serviceEnv } from '@backtrack/testing';

export type { CliRun };

// The CLI from its sources (never a stale build), as an argv.
export function backtrackArgv(...args: string[]): string[] {
  return serviceArgv('capture', ...args);
}

// Ours minus any Backtrack setting of the machine running the tests, plus what the test sets.
export function backtrackEnv(extra: Record<string, string>): Record<string, string> {
  return serviceEnv(extra);
}

export function runBacktrack(
  args: string[],
  options: { env: Record<string, string>; cwd: string; input?: string },
): Promise<CliRun> {
  return runOnce(backtrackArgv(...args), backtrackEnv(options.env), options);
}
