import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBus, EventBus } from '@backtrack/bus';
import { testing } from '@backtrack/store';
import {
  CliRun,
  freePort,
  ProcessExit,
  runOnce,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  shellQuote,
  testServices,
  TmuxTerminal,
  uniqueName,
} from '@backtrack/testing';
import { BusName, BusUnderTest } from './bus-under-test';
import { GitRepos } from './git-repos';
import { TerminalRecording } from './terminal-recording';

// Entries are asserted field by field; typing them would only repeat the gateway's DTOs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

// What a new user sets up: a database, a broker, the projector and the gateway as processes of their own, an
// account, and a machine (home folder, git repositories) where `backtrack record` runs in a real terminal.
export class E2eTestContext {
  readonly repos = new GitRepos();
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-e2e-home-'));
  private projector: ServiceProcess | undefined;
  private gateway: ServiceProcess | undefined;
  private gatewayUrl: string | undefined;
  private token: string | undefined;
  private readonly terminals: TerminalRecording[] = [];
  private readonly publishers: EventBus[] = [];

  private constructor(
    readonly bus: BusUnderTest,
    readonly db: testing.TestDatabase,
  ) {
    writeFileSync(join(this.home, '.bashrc'), "PS1='$ '\n");
  }

  static async create(busName: BusName, brokerUrl: string): Promise<E2eTestContext> {
    const bus = await BusUnderTest.open(busName, brokerUrl);
    const db = await testing.createTestDatabase({
      serverUrl: testServices.databaseUrl,
      poolSize: 2,
    });
    return new E2eTestContext(bus, db);
  }

  get busUrl(): string {
    return this.bus.url;
  }

  async startProjector(): Promise<void> {
    this.projector = await ServiceProcess.start(
      serviceArgv('projector', 'run'),
      serviceEnv({ DATABASE_URL: this.db.url, ...this.busEnv() }),
      'projector: consuming',
    );
  }

  async killProjector(signal: NodeJS.Signals): Promise<ProcessExit> {
    const projector = this.projector;
    this.projector = undefined;
    if (!projector) throw new Error('the projector is not running');
    return projector.kill(signal);
  }

  async startGateway(): Promise<void> {
    const port = await freePort();
    this.gateway = await ServiceProcess.start(
      serviceArgv('gateway', 'serve'),
      serviceEnv({ DATABASE_URL: this.db.url, PORT: String(port), ...this.busEnv() }),
      'gateway: listening on',
    );
    this.gatewayUrl = `http://127.0.0.1:${port}`;
  }

  // With the gateway's own admin commands, as an operator would; the token is the one `backtrack` then uses.
  async createUser(name: string): Promise<string> {
    const team = uniqueName('team');
    await this.gatewayAdmin('create-team', team);
    await this.gatewayAdmin('create-user', name, '--team', team);
    this.token = (await this.gatewayAdmin('create-token', name, '--label', 'e2e')).trim();
    return this.token;
  }

  // `backtrack record --bus …` running bash in tmux, in `repoDir`, as user ada.
  async recordInTmux(repoDir: string): Promise<TerminalRecording> {
    const record = serviceArgv('capture', 'record', '--bus', this.busUrl).map(shellQuote).join(' ');
    const recording = new TerminalRecording(
      TmuxTerminal.start({
        cwd: repoDir,
        env: serviceEnv({ ...this.captureEnv(), SHELL: '/bin/bash', BACKTRACK_USER: 'ada' }),
        command: `${record}; echo "recorder exited with $?"; exec sleep 600`,
      }),
    );
    this.terminals.push(recording);
    await recording.ready();
    return recording;
  }

  // `backtrack <args> --json` against the gateway: one parsed object per printed line.
  async backtrack(args: string[]): Promise<Json[]> {
    const run = await this.runBacktrack(args);
    if (run.code !== 0)
      throw new Error(`backtrack ${args.join(' ')} exited with ${run.code}:\n${run.stderr}`);
    return run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  // Straight from the gateway's REST API, cheaper than a CLI process: for pacing a test, not for its answers.
  async api(path: string): Promise<Json> {
    if (!this.gatewayUrl || !this.token)
      throw new Error('start the gateway and create a user first');
    const response = await fetch(`${this.gatewayUrl}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  runBacktrack(args: string[]): Promise<CliRun> {
    return runOnce(serviceArgv('capture', ...args), serviceEnv(this.captureEnv()));
  }

  // A publisher of its own on the bus, as another capture agent would be.
  async publisher(): Promise<EventBus> {
    const bus = await createBus(this.busUrl, {
      namespace: this.bus.namespace,
      groups: ['projector'],
    });
    this.publishers.push(bus);
    return bus;
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    return Number((await this.db.dataSource.query(sql, params))[0].count);
  }

  query(sql: string, params: unknown[] = []): Promise<Json[]> {
    return this.db.dataSource.query(sql, params);
  }

  async dispose(): Promise<void> {
    for (const terminal of this.terminals) terminal.close();
    await Promise.all(this.publishers.map((bus) => bus.close().catch(() => undefined)));
    await Promise.all([this.projector?.stop(), this.gateway?.stop()]);
    await this.bus.remove();
    await this.db.drop();
    this.repos.cleanup();
    rmSync(this.home, { recursive: true, force: true });
  }

  private busEnv(): Record<string, string> {
    return { BACKTRACK_BUS: this.busUrl, BACKTRACK_BUS_NAMESPACE: this.bus.namespace };
  }

  // One machine: the same home (config, spool) for every backtrack command, the day in UTC.
  private captureEnv(): Record<string, string> {
    return {
      HOME: this.home,
      BACKTRACK_HOME: join(this.home, '.backtrack'),
      BACKTRACK_BUS_NAMESPACE: this.bus.namespace,
      TZ: 'UTC',
      ...(this.gatewayUrl ? { BACKTRACK_URL: this.gatewayUrl } : {}),
      ...(this.token ? { BACKTRACK_TOKEN: this.token } : {}),
    };
  }

  private async gatewayAdmin(...args: string[]): Promise<string> {
    const run = await runOnce(
      serviceArgv('gateway', ...args),
      serviceEnv({ DATABASE_URL: this.db.url }),
    );
    if (run.code !== 0)
      throw new Error(`backtrack-gateway ${args.join(' ')} failed:\n${run.stderr}`);
    return run.stdout;
  }
}
