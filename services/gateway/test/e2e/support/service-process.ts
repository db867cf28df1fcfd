import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectEventually } from '@backtrack/testing';

const WORKSPACE = join(__dirname, '..', '..', '..', '..', '..');

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// A service's entry point from its sources, as its bin script runs it without a build (never a stale dist/).
export function serviceArgv(service: 'capture' | 'projector' | 'gateway', ...args: string[]) {
  const main = join(WORKSPACE, 'services', service, 'src', 'main.ts');
  return [process.execPath, '-r', require.resolve('@swc-node/register'), main, ...args];
}

// The environment a user's shell would give: ours, minus any Backtrack setting of the machine running the tests.
export function serviceEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('BACKTRACK_')) env[key] = value;
  return { ...env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.json'), ...extra };
}

// A long-running service (projector, gateway) in a child process of its own, so a test can SIGKILL it.
export class ServiceProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<ProcessExit>;

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer) =>
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  // Resolves once the service printed `ready`; fails with everything it printed when it exits or takes too long.
  static async start(argv: string[], env: Record<string, string>, ready: string) {
    const [node, ...args] = argv;
    const child = spawn(node!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(child);
    await expectEventually(
      () => {
        if (service.hasExited) throw new Error(`exited before "${ready}":\n${service.printed}`);
        expect(service.printed).toContain(ready);
      },
      { timeoutMs: 90_000, intervalMs: 50 },
    ).catch(async (error: Error) => {
      await service.kill('SIGKILL');
      throw error;
    });
    return service;
  }

  get printed(): string {
    return this.output.join('\n');
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  // SIGTERM, as an operator stops it; SIGKILL when it has not stopped within the grace period.
  async stop(graceMs = 15_000): Promise<ProcessExit> {
    const stopping = this.kill('SIGTERM');
    const timer = setTimeout(() => void this.kill('SIGKILL'), graceMs);
    try {
      return await stopping;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals): Promise<ProcessExit> {
    if (!this.hasExited) this.child.kill(signal);
    return this.exited;
  }
}

// A one-shot command (backtrack log, backtrack-gateway create-user): what it printed and its exit code.
export function runOnce(argv: string[], env: Record<string, string>): Promise<CliRun> {
  const [node, ...args] = argv;
  const child = spawn(node!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
