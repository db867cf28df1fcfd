import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const WORKSPACE = join(__dirname, '..', '..', '..');
const STARTUP_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

export type ServiceName = 'gateway' | 'projector' | 'replay';

// Node arguments that run a service as an operator does: its bin (the built dist/ if there is one, else its
// sources); the replay has no bin yet, so its entry point goes through the same launcher.
export function serviceArgv(service: ServiceName, ...args: string[]): string[] {
  const bin = join(WORKSPACE, 'services', service, 'bin', `backtrack-${service}.js`);
  if (existsSync(bin)) return [bin, ...args];
  const launcher = join(WORKSPACE, 'scripts', 'run-entry.js');
  const dir = join(WORKSPACE, 'services', service);
  return ['-e', `require(${JSON.stringify(launcher)})(${JSON.stringify(dir)})`, ...args];
}

// What the bench measures: a build (and how old it is) or the sources compiled as they load.
export function serviceCode(service: ServiceName): string {
  const built = join(WORKSPACE, 'services', service, 'dist', 'main.js');
  if (!existsSync(built)) return 'sources';
  return `dist/ built ${statSync(built).mtime.toISOString().slice(0, 16).replace('T', ' ')}`;
}

// A one-shot admin command (create-team...); its stdout, or an error with what it printed.
export async function runCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await run(process.execPath, argv, { env })).stdout.trim();
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${argv.slice(1).join(' ')} failed: ${stderr?.trim() || message}`);
  }
}

// A long-running service in a child process of its own, ready once it printed its ready line.
export class ServiceProcess {
  private readonly lines: string[] = [];
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      this.lines.push(...chunk.toString().split('\n').filter(Boolean));
      this.lines.splice(0, Math.max(0, this.lines.length - 40));
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  static async start(options: {
    name: ServiceName;
    argv: string[];
    env: NodeJS.ProcessEnv;
    ready: string;
    nodeFlags?: string[];
  }): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...options.argv], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(options.name, child);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`did not print "${options.ready}" in ${STARTUP_TIMEOUT_MS / 1000} s`)),
          STARTUP_TIMEOUT_MS,
        );
        const watch = () => {
          if (!service.output.includes(options.ready)) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout!.on('data', watch);
        child.stderr!.on('data', watch);
        void service.exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`exited with code ${child.exitCode} before "${options.ready}"`));
        });
      });
    } catch (error) {
      await service.stop();
      throw new Error(
        `${options.name}: ${(error as Error).message}; it printed:\n${service.output}`,
      );
    }
    return service;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  // SIGTERM, as an operator stops it (and so a --cpu-prof profile gets written); SIGKILL if it hangs.
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
