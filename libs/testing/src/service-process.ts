import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectEventually } from './expect-eventually';
import { WORKSPACE } from './workspace';

export type ServiceName = 'capture' | 'projector' | 'gateway' | 'replay';

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
// `capture` is the `backtrack` CLI.
export function serviceArgv(service: ServiceName, ...args: string[]): string[] {
  const main = join(WORKSPACE, 'services', service, 'src', 'main.ts');
  return [process.execPath, '-r', require.resolve('@swc-node/register'), main, ...args];
}

// The environment a user's shell would give: ours, minus any Backtrack setting of the machine running the tests.
export function serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('BACKTRACK_') && key !== 'NO_COLOR')
      env[key] = value;
  return { ...env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.json'), ...extra };
}

// A process of ours (a service, `backtrack follow`) in a child process, its output collected as it comes, so a
// test can wait for a line, read what it printed so far, or SIGKILL it.
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<ProcessExit>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );
  }

  static spawn(argv: string[], env: Record<string, string>, cwd?: string): ServiceProcess {
    const [node, ...args] = argv;
    return new ServiceProcess(spawn(node!, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  // Resolves once the process printed `ready`; fails with everything it printed when it exits or takes too long.
  static async start(
    argv: string[],
    env: Record<string, string>,
    ready: string,
  ): Promise<ServiceProcess> {
    const service = ServiceProcess.spawn(argv, env);
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

  get pid(): number {
    return this.child.pid!;
  }

  // Everything printed on stdout and stderr.
  get printed(): string {
    return `${this.stdout}${this.stderr}`;
  }

  // The complete lines printed on stdout, each parsed as JSON (`--json` output).
  jsonLines<T = unknown>(): T[] {
    const complete = this.stdout.slice(0, this.stdout.lastIndexOf('\n') + 1);
    return complete
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T);
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
export function runOnce(
  argv: string[],
  env: Record<string, string>,
  options: { cwd?: string; input?: string } = {},
): Promise<CliRun> {
  const [node, ...args] = argv;
  const child = spawn(node!, args, { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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

// Single-quoted for sh, so an argv can be typed into a terminal.
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
