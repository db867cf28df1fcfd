import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectEventually } from '@backtrack/testing';

const BACKTRACK = join(__dirname, '..', '..', 'bin', 'backtrack.js');

// `backtrack serve` in a child process, as a person runs it in a terminal of their own.
class ServeContext {
  readonly home = mkdtempSync(join(tmpdir(), 'bt-serve-'));
  private child: ChildProcess | undefined;
  private printed = '';
  exited: Promise<number | null> | undefined;

  serve(...args: string[]): void {
    const env: NodeJS.ProcessEnv = { ...process.env, BACKTRACK_HOME: this.home };
    for (const key of ['BACKTRACK_URL', 'BACKTRACK_TOKEN', 'BACKTRACK_BUS']) delete env[key];
    const child = spawn(process.execPath, [BACKTRACK, 'serve', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => (this.printed += chunk.toString());
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  get output(): string {
    return this.printed;
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await this.exited;
    }
    rmSync(this.home, { recursive: true, force: true });
  }
}

describe('backtrack serve', () => {
  let ctx: ServeContext;

  beforeEach(() => {
    ctx = new ServeContext();
  });
  afterEach(() => ctx.dispose());

  it('run the single-process server with the flags given, and stop it cleanly on Ctrl-C', async () => {
    const data = join(ctx.home, 'elsewhere');
    ctx.serve('--data', data, '--port', '0');

    await expectEventually(() => expect(ctx.output).toContain('Backtrack is running at http://'), {
      timeoutMs: 60_000,
    });
    expect(ctx.output).toContain(`(data in ${data})`);
    ctx.signal('SIGINT');

    expect(await ctx.exited).toBe(0);
    expect(ctx.output).toContain('backtrack: stopped');
    expect(existsSync(join(data, 'embedded-postgres.lock'))).toBe(false);
  });

  it("pass on the server's refusal of a bad flag, with its exit code", async () => {
    ctx.serve('--port', 'eighty');

    expect(await ctx.exited).toBe(1);
    expect(ctx.output).toContain('--port must be a port number from 0 to 65535 (got "eighty")');
  });
});
