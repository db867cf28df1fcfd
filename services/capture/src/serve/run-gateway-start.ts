import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';

// From src/serve or dist/serve alike: the gateway sits beside capture in services/.
export const GATEWAY_BIN = join(
  __dirname,
  '..',
  '..',
  '..',
  'gateway',
  'bin',
  'backtrack-gateway.js',
);

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// Runs `backtrack-gateway start ARGS` in this terminal and resolves with its exit code. Signals sent to this process
// are passed on (Ctrl-C reaches both, and the gateway takes a repeated signal calmly).
export function runGatewayStart(args: string[], bin = GATEWAY_BIN): Promise<number> {
  if (!existsSync(bin))
    throw new Error(
      `backtrack serve runs the gateway from this checkout, but ${bin} is missing; run it from a Backtrack checkout (npm ci)`,
    );
  const child = spawn(process.execPath, [bin, 'start', ...args], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
