import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'backtrack-projector.js');
const STARTUP_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

export interface ProjectorProcessOptions {
  databaseUrl: string;
  busUrl: string;
  namespace: string;
  // Extra node flags, e.g. --cpu-prof.
  nodeFlags?: string[];
  print: (line: string) => void;
}

// The real `backtrack-projector run` in a process of its own, as an operator starts it.
export class ProjectorProcess {
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: ProjectorProcessOptions): Promise<ProjectorProcess> {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), BIN, 'run'], {
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        BACKTRACK_BUS: options.busUrl,
        BACKTRACK_BUS_NAMESPACE: options.namespace,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const projector = new ProjectorProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`projector did not start consuming in ${STARTUP_TIMEOUT_MS / 1000} s`));
      }, STARTUP_TIMEOUT_MS);
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          options.print(`  [projector] ${line}`);
          if (line.startsWith('projector: consuming')) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      child.stdout!.on('data', onLine);
      child.stderr!.on('data', onLine);
      void projector.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`projector exited with code ${code} before it consumed`));
      });
    }).catch(async (error: Error) => {
      await projector.stop();
      throw error;
    });
    return projector;
  }

  // SIGTERM lets it finish batches in flight (and write a --cpu-prof profile); SIGKILL if it hangs.
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
