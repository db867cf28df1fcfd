import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { BATCH_CONTENT_TYPE, encodeBatch, EventBatch } from '@backtrack/events';
import { BacktrackCli, CliRun } from '../backtrack-cli';
import {
  CliRun as ProcessRun,
  runOnce,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  TmuxTerminal,
} from '@backtrack/testing';

// Fields are asserted one by one; typing them would only repeat the gateway's DTOs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// A person's machine: one home folder ($BACKTRACK_HOME and $HOME) shared by `backtrack-gateway start` and the
// `backtrack` CLI in other terminals, as after `npm ci && npm start`.
export class LocalServerTestContext {
  private readonly cli = new BacktrackCli();
  private server: ServiceProcess | undefined;
  private terminals: TmuxTerminal[] = [];
  url = '';

  constructor() {
    writeFileSync(join(this.home, '.bashrc'), "PS1='$ '\n");
  }

  get home(): string {
    return this.cli.home;
  }

  get dataDir(): string {
    return join(this.home, 'data');
  }

  // `backtrack-gateway start --port 0`, ready once it says so; what it printed.
  async start(): Promise<string> {
    this.server = await ServiceProcess.start(
      serviceArgv('gateway', 'start', '--port', '0'),
      this.env(),
      'ready in',
    );
    this.url = /Backtrack is running at (\S+)/.exec(this.server.printed)![1]!;
    return this.server.printed;
  }

  // Ctrl-C, then what it printed and how it exited.
  async stop(): Promise<{ code: number | null; printed: string }> {
    const server = this.server!;
    this.server = undefined;
    const { code } = await server.kill('SIGINT');
    return { code, printed: server.printed };
  }

  // kill -9: the process dies wherever it is, flushing nothing.
  async crash(): Promise<void> {
    const server = this.server!;
    this.server = undefined;
    await server.kill('SIGKILL');
  }

  // Another `start` while one runs: it must give up by itself.
  startAgain(): Promise<ProcessRun> {
    return runOnce(serviceArgv('gateway', 'start', '--port', '0'), this.env());
  }

  backtrack(...args: string[]): Promise<CliRun> {
    return this.cli.run(args, { HOME: this.home });
  }

  // `backtrack <args> --json`: one object per printed line.
  async backtrackJson(...args: string[]): Promise<Json[]> {
    const run = await this.backtrack(...args, '--json');
    if (run.code !== 0) throw new Error(`backtrack ${args.join(' ')}: ${run.code}\n${run.stderr}`);
    return run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  savedLogin(): { server: string; token: string; user?: string } {
    return JSON.parse(readFileSync(this.loginPath, 'utf8'));
  }

  get loginMode(): number {
    return statSync(this.loginPath).mode & 0o777;
  }

  async api(path: string): Promise<Json> {
    const response = await fetch(`${this.url}${path}`, {
      headers: { authorization: `Bearer ${this.savedLogin().token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  // POST /api/v1/ingest as a capture agent sends a batch; true once the server acknowledged it (202).
  async ingest(batch: EventBatch): Promise<boolean> {
    const response = await fetch(`${this.url}/api/v1/ingest`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.savedLogin().token}`,
        'content-type': BATCH_CONTENT_TYPE,
      },
      body: new Uint8Array(encodeBatch(batch)),
    }).catch(() => undefined); // the server died mid-request: not acknowledged
    if (response && response.status !== 202 && response.status < 500)
      throw new Error(`POST /api/v1/ingest: ${response.status} ${await response.text()}`);
    return response?.status === 202;
  }

  // The seqs the event store holds for a session, read page by page through the REST API (none if it is unknown).
  async storedSeqs(sessionId: string): Promise<number[]> {
    const seqs: number[] = [];
    for (let after: number | null = 0; after !== null;) {
      const response = await fetch(
        `${this.url}/api/v1/sessions/${sessionId}/events?after=${after}&limit=5000`,
        {
          headers: { authorization: `Bearer ${this.savedLogin().token}` },
        },
      );
      if (response.status === 404) return seqs;
      if (!response.ok)
        throw new Error(`GET events of ${sessionId}: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as {
        items: Array<{ seq: number }>;
        nextAfter: number | null;
      };
      seqs.push(...page.items.map((event) => event.seq));
      after = page.nextAfter;
    }
    return seqs;
  }

  // Plays the session over the replay WebSocket of the same server, fast, to its end: every message received.
  replay(sessionId: string): Promise<Json[]> {
    const url = `${this.url.replace(/^http/, 'ws')}/api/v1/sessions/${sessionId}/play?speed=16`;
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.savedLogin().token}` },
    });
    const messages: Json[] = [];
    return new Promise((resolve, reject) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        messages.push(message);
        if (message.type === 'ended' || message.type === 'error') socket.close();
      });
      socket.on('close', () => resolve(messages));
      socket.on('error', reject);
    });
  }

  // `backtrack record` running an interactive bash in a real terminal (tmux), with shell integration.
  recordInteractive(): TmuxTerminal {
    const record = [
      process.execPath,
      join(__dirname, '..', '..', '..', 'capture', 'bin', 'backtrack.js'),
      'record',
    ];
    const terminal = TmuxTerminal.start({
      cwd: this.home,
      env: { ...this.env(), HOME: this.home, SHELL: '/bin/bash' },
      command: `${record.join(' ')}; echo "recorder exited with $?"; exec sleep 600`,
    });
    this.terminals.push(terminal);
    return terminal;
  }

  async dispose(): Promise<void> {
    for (const terminal of this.terminals) terminal.close();
    await this.server?.kill('SIGKILL');
    this.cli.cleanUp();
    rmSync(this.home, { recursive: true, force: true });
  }

  private get loginPath(): string {
    return join(this.home, 'config.json');
  }

  private env(): Record<string, string> {
    return serviceEnv({ BACKTRACK_HOME: this.home, TZ: 'UTC' });
  }
}
