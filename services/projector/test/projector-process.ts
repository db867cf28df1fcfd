import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expectEventually } from '@backtrack/testing';

const BIN = join(__dirname, '..', 'bin', 'backtrack-projector.js');

// The real `backtrack-projector run` in its own process, as an operator starts it, so a test can SIGKILL it.
export class ProjectorProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    const collect = (chunk: Buffer) =>
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  static async start(env: Record<string, string>): Promise<ProjectorProcess> {
    const child = spawn(process.execPath, [BIN, 'run'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const projector = new ProjectorProcess(child);
    await expectEventually(
      () => expect(projector.output.join('\n')).toContain('projector: consuming'),
      { timeoutMs: 60_000 },
    );
    return projector;
  }

  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

// A one-shot command (migrate, rebuild, dead-letters): resolves with what it printed and its exit code.
export function runProjectorCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}
