import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import {
  expectEventually,
  CliRun,
  runOnce,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  shellQuote,
  TmuxTerminal,
  uniqueName,
} from '@backtrack/testing';
import { Deployment, DeploymentName, startDeployment } from './deployment';
import { TerminalRecording } from './terminal-recording';

// Fields are asserted one by one; typing them would only repeat the gateway's DTOs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

// Someone with an account and a machine of their own: a home folder where `backtrack` keeps its config and spool.
export interface Person {
  name: string;
  team: string;
  token: string;
  home: string;
}

// Two teams on one deployment: ada records, her teammates follow and replay; eve, of another team, must see nothing.
export class FollowPlayShareContext {
  private readonly terminals: TmuxTerminal[] = [];
  private readonly processes: ServiceProcess[] = [];
  private readonly homes: string[] = [];

  private constructor(readonly deployment: Deployment) {}

  static async create(name: DeploymentName): Promise<FollowPlayShareContext> {
    return new FollowPlayShareContext(await startDeployment(name));
  }

  get url(): string {
    return this.deployment.url;
  }

  // A new team with one user and a token for them, made with the gateway's admin commands.
  async person(name: string): Promise<Person> {
    const team = uniqueName('team');
    await this.deployment.admin('create-team', team);
    return this.member(team, name);
  }

  // Another user in the team of `of`.
  teammate(of: Person, name: string): Promise<Person> {
    return this.member(of.team, name);
  }

  // A terminal on the person's machine running a shell command line.
  terminal(person: Person, script: string): TmuxTerminal {
    return this.tmux(person, script);
  }

  private async member(team: string, name: string): Promise<Person> {
    const user = uniqueName(name);
    await this.deployment.admin('create-user', user, '--team', team);
    const token = await this.deployment.admin('create-token', user, '--label', 'e2e');
    const home = mkdtempSync(join(tmpdir(), `backtrack-e2e-${name}-`));
    writeFileSync(join(home, '.bashrc'), "PS1='$ '\n");
    this.homes.push(home);
    return { name: user, team, token, home };
  }

  // `backtrack record` running bash in a 120x30 tmux terminal, delivering to the gateway.
  async recordInTmux(person: Person): Promise<TerminalRecording> {
    const record = serviceArgv('capture', 'record').map(shellQuote).join(' ');
    const recording = new TerminalRecording(
      this.tmux(person, `${record}; echo "recorder exited with $?"; exec sleep 600`, {
        SHELL: '/bin/bash',
      }),
    );
    await recording.ready();
    // Followers of a session the server does not have yet would wait for it (`follow --wait`): start them on one it has.
    await expectEventually(
      async () =>
        expect((await this.api(person, `/api/v1/sessions/${recording.sessionId}`)).status).toBe(
          200,
        ),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return recording;
  }

  // `backtrack ARGS` drawing in a 120x30 tmux terminal, then telling how it exited.
  backtrackInTmux(person: Person, args: string[]): TmuxTerminal {
    const command = serviceArgv('capture', ...args)
      .map(shellQuote)
      .join(' ');
    return this.tmux(person, `${command}; echo "backtrack exited with $?"; exec sleep 600`);
  }

  // `backtrack ARGS` in the background, its output read as it comes (`--json` lines).
  spawnBacktrack(person: Person, args: string[]): ServiceProcess {
    const cli = ServiceProcess.spawn(
      serviceArgv('capture', ...args),
      this.cliEnv(person),
      person.home,
    );
    this.processes.push(cli);
    return cli;
  }

  backtrack(person: Person, args: string[]): Promise<CliRun> {
    return runOnce(serviceArgv('capture', ...args), this.cliEnv(person), { cwd: person.home });
  }

  async api(
    person: Person,
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  // Opens a replay WebSocket of the gateway; the HTTP status of a refusal, or 101 when it opened.
  websocketStatus(person: Person, path: string): Promise<number> {
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}${path}`, {
      headers: { authorization: `Bearer ${person.token}` },
    });
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        resolve(101);
        socket.terminate();
      });
      socket.once('error', (error) => {
        if (!/Unexpected server response/.test(error.message)) reject(error);
      });
    });
  }

  async dispose(): Promise<void> {
    for (const terminal of this.terminals) terminal.close();
    await Promise.all(this.processes.map((cli) => cli.kill('SIGKILL')));
    await this.deployment.dispose();
    for (const home of this.homes) rmSync(home, { recursive: true, force: true });
  }

  private tmux(person: Person, script: string, extra: Record<string, string> = {}): TmuxTerminal {
    const terminal = TmuxTerminal.start({
      cwd: person.home,
      env: { ...this.cliEnv(person), TERM: 'xterm-256color', ...extra },
      command: script,
    });
    this.terminals.push(terminal);
    return terminal;
  }

  // What `backtrack login` leaves: the server and the token; one home per person, the day in UTC.
  private cliEnv(person: Person): Record<string, string> {
    return serviceEnv({
      HOME: person.home,
      BACKTRACK_HOME: join(person.home, '.backtrack'),
      BACKTRACK_URL: this.url,
      BACKTRACK_TOKEN: person.token,
      TZ: 'UTC',
    });
  }
}
