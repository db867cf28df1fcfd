import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBus, EventBus } from '@backtrack/bus';
import { AnyEvent, createEvent, EventType, PayloadInput, uuidv7 } from '@backtrack/events';
import type { ServerMessage } from '@backtrack/playback';
import { appendEvents, testing, writeReadModels } from '@backtrack/store';
import {
  expectEventually,
  freePort,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  shellQuote,
  testServices,
  TmuxTerminal,
  uniqueName,
} from '@backtrack/testing';
import { BusListener } from '../../test/support/bus-listener';

const WORKSPACE = join(__dirname, '../../../..');
// Real services as their own processes (services share no code): the gateway for @user, the replay for the sockets.
const GATEWAY = join(WORKSPACE, 'services/gateway/bin/backtrack-gateway.js');
const REPLAY_MAIN = join(WORKSPACE, 'services/replay/src/main.ts');
const run = promisify(execFile);

// A session as the recorder sends it and the projector stores it, event by event, `waitMs` apart.
class RecordedSession {
  readonly sessionId = uuidv7();
  readonly events: AnyEvent[] = [];
  private at: number;

  constructor(
    private readonly user: string,
    startAt = Date.now() - 60_000,
  ) {
    this.at = startAt;
    this.add('session.started', {
      source: 'terminal',
      agent: { name: 'backtrack-record', version: '0.1.0' },
      cols: 120,
      rows: 30,
      shell: '/bin/bash',
      term: 'xterm-256color',
    });
  }

  output(data: string, waitMs = 10): AnyEvent {
    return this.add('terminal.output', { data }, waitMs);
  }

  lines(count: number, waitMs = 10): AnyEvent[] {
    const from = this.events.length + 1;
    return Array.from({ length: count }, (_, i) => this.output(`line ${from + i}\r\n`, waitMs));
  }

  // Nothing happens for a while.
  idle(ms: number): void {
    this.at += ms;
  }

  command(commandLine: string, output: string, waitMs = 10): void {
    this.add('terminal.command.started', { commandId: uuidv7(), commandLine }, waitMs);
    this.output(output, 0);
  }

  ended(exitCode: number, waitMs = 10): AnyEvent {
    return this.add('session.ended', { exitCode, reason: 'exited' }, waitMs);
  }

  // What a terminal shows after all the output: the bytes as they were printed.
  printed(): string {
    return this.events.map((e) => (e.type === 'terminal.output' ? e.payload.data : '')).join('');
  }

  private add<T extends EventType>(type: T, payload: PayloadInput<T>, waitMs = 0): AnyEvent {
    this.at += waitMs;
    const event = createEvent({
      sessionId: this.sessionId,
      seq: this.events.length + 1,
      type,
      payload,
      at: this.at,
      actor: { user: this.user, host: 'laptop' },
    });
    this.events.push(event);
    return event;
  }
}

// `backtrack follow` or `play` running as a child process, its JSON lines read as they come.
class CliProcess {
  constructor(private readonly process: ServiceProcess) {}

  get stderr(): string {
    return this.process.stderr;
  }

  get exited(): Promise<number | null> {
    return this.process.exited.then((exit) => exit.code);
  }

  messages(): ServerMessage[] {
    return this.process.jsonLines<ServerMessage>();
  }

  seqs(): number[] {
    return this.messages().flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : []));
  }

  async kill(): Promise<void> {
    await this.process.kill('SIGKILL');
  }
}

class TerminalPlayerContext {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-follow-'));
  readonly user = uniqueName('ada');
  readonly colleague = uniqueName('bea');
  private readonly cli: CliProcess[] = [];
  private readonly terminals: TmuxTerminal[] = [];
  private tokens: Record<string, string> = {};
  private gateway?: ChildProcess;
  private replay?: ChildProcess;
  private gatewayUrl = '';
  private replayPort = 0;
  private readonly replayInstance = uniqueName('replay');
  private logs = '';

  private constructor(
    readonly database: testing.TestDatabase,
    readonly listener: BusListener,
    readonly bus: EventBus,
  ) {}

  static async start(): Promise<TerminalPlayerContext> {
    const database = await testing.createTestDatabase({ poolSize: 2 });
    const listener = await BusListener.start('follow-cli');
    const bus = await createBus(testServices.amqpUrl, { namespace: listener.namespace });
    const ctx = new TerminalPlayerContext(database, listener, bus);
    const team = uniqueName('team');
    await ctx.admin('create-team', team);
    for (const user of [ctx.user, ctx.colleague]) {
      await ctx.admin('create-user', user, '--team', team);
      ctx.tokens[user] = (await ctx.admin('create-token', user)).trim();
    }
    ctx.replayPort = await freePort();
    await Promise.all([ctx.startGateway(), ctx.startReplay()]);
    return ctx;
  }

  get replayUrl(): string {
    return `http://127.0.0.1:${this.replayPort}`;
  }

  session(user = this.user, startAt?: number): RecordedSession {
    return new RecordedSession(user, startAt);
  }

  // What the projector does: the events in the store, the session in the read model.
  async store(events: AnyEvent[]): Promise<void> {
    await appendEvents(this.database.dataSource, events);
  }

  async storeSession(session: RecordedSession): Promise<void> {
    await this.store(session.events);
    const first = session.events[0]!;
    const last = session.events[session.events.length - 1]!;
    const ended = last.type === 'session.ended' ? last : undefined;
    await writeReadModels(this.database.dataSource, {
      sessions: [
        {
          sessionId: session.sessionId,
          userName: first.actor.user,
          host: 'laptop',
          source: 'terminal',
          title: null,
          repo: null,
          branches: [],
          startedAt: first.at,
          endedAt: ended ? ended.at : null,
          durationMs: ended ? ended.at - first.at : null,
          bytes: 0,
          commandCount: 0,
          exitCode: ended?.type === 'session.ended' ? ended.payload.exitCode : null,
          cols: 120,
          rows: 30,
          lastSeq: last.seq,
          lastAt: last.at,
        },
      ],
      commands: [],
      activity: [],
    });
  }

  // What the recorder does live: the batch on the bus (replay fans it out) and, via the projector, in the store.
  async recordLive(events: AnyEvent[]): Promise<void> {
    await this.bus.publish({ sessionId: events[0]!.sessionId, events });
    await this.store(events);
  }

  backtrack(args: string[], as = this.user): CliProcess {
    const cli = new CliProcess(
      ServiceProcess.spawn(serviceArgv('capture', ...args), serviceEnv(this.env(as)), this.home),
    );
    this.cli.push(cli);
    return cli;
  }

  // A 120x30 tmux pane running `backtrack ARGS`, then telling how it exited.
  backtrackInTmux(args: string[]): TmuxTerminal {
    const command = serviceArgv('capture', ...args)
      .map(shellQuote)
      .join(' ');
    return this.tmux(`${command}; echo "backtrack exited with $?"; exec sleep 600`);
  }

  // The same size of pane showing `bytes` as printed: what the recorded terminal showed.
  printedInTmux(bytes: string): TmuxTerminal {
    const file = join(this.home, `${uniqueName('printed')}.out`);
    writeFileSync(file, bytes);
    return this.tmux(`cat ${shellQuote(file)}; exec sleep 600`);
  }

  async stopReplay(): Promise<void> {
    if (!this.replay || this.replay.exitCode !== null) return;
    this.replay.kill('SIGKILL');
    await once(this.replay, 'exit');
  }

  async startReplay(): Promise<void> {
    this.replay = this.spawnService(['-r', require.resolve('@swc-node/register'), REPLAY_MAIN]);
    this.replay.stderr!.setEncoding('utf8').on('data', (text: string) => (this.logs += text));
    await this.untilHealthy(this.replay, `${this.replayUrl}/healthz`);
  }

  async close(): Promise<void> {
    await Promise.all(this.cli.map((cli) => cli.kill()));
    for (const terminal of this.terminals) terminal.close();
    for (const service of [this.gateway, this.replay])
      if (service && service.exitCode === null) {
        service.kill('SIGTERM');
        await once(service, 'exit');
      }
    await this.bus.close();
    await this.listener.close();
    await this.database.drop();
    rmSync(this.home, { recursive: true, force: true });
  }

  private env(as: string): Record<string, string> {
    return {
      BACKTRACK_HOME: this.home,
      BACKTRACK_URL: this.gatewayUrl,
      BACKTRACK_TOKEN: this.tokens[as]!,
      BACKTRACK_REPLAY_URL: this.replayUrl,
    };
  }

  private tmux(script: string): TmuxTerminal {
    const terminal = TmuxTerminal.start({
      cwd: this.home,
      env: serviceEnv({ ...this.env(this.user), TERM: 'xterm-256color' }),
      command: ['sh', '-c', script],
    });
    this.terminals.push(terminal);
    return terminal;
  }

  private async admin(...args: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [GATEWAY, ...args], {
      env: { ...process.env, DATABASE_URL: this.database.url },
    });
    return stdout;
  }

  private async startGateway(): Promise<void> {
    const port = await freePort();
    this.gatewayUrl = `http://127.0.0.1:${port}`;
    this.gateway = this.spawnService([GATEWAY, 'serve'], port);
    this.gateway.stderr!.setEncoding('utf8').on('data', (text: string) => (this.logs += text));
    await this.untilHealthy(this.gateway, `${this.gatewayUrl}/api/v1/me`);
  }

  private spawnService(args: string[], port = this.replayPort): ChildProcess {
    return spawn(process.execPath, args, {
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.json'),
        DATABASE_URL: this.database.url,
        BACKTRACK_BUS: testServices.amqpUrl,
        BACKTRACK_BUS_NAMESPACE: this.listener.namespace,
        REPLAY_INSTANCE_ID: this.replayInstance,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  }

  private async untilHealthy(service: ChildProcess, url: string): Promise<void> {
    await expectEventually(
      async () => {
        if (service.exitCode !== null) throw new Error(`a service exited: ${this.logs}`);
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${this.tokens[this.user]}` },
        });
        expect(response.status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('backtrack follow and backtrack play against the replay service', () => {
  let ctx: TerminalPlayerContext;
  beforeAll(async () => {
    ctx = await TerminalPlayerContext.start();
  }, 120_000);
  afterAll(() => ctx?.close());

  describe('backtrack follow', () => {
    it('shows the screen, then live events; started again with --after, it gets exactly what it missed', async () => {
      const session = ctx.session();
      await ctx.store([...session.events, ...session.lines(3)]);
      const first = ctx.backtrack(['follow', session.sessionId, '--json']);
      await expectEventually(() =>
        expect(first.messages()[0]).toMatchObject({ type: 'snapshot', seq: 4 }),
      );

      await ctx.recordLive(session.lines(5));
      await ctx.recordLive(session.lines(5));
      await expectEventually(() => expect(first.seqs()).toEqual(range(5, 14)));
      await first.kill();
      await ctx.recordLive(session.lines(5)); // while nobody follows
      const again = ctx.backtrack(['follow', session.sessionId, '--after', '14', '--json']);
      await expectEventually(() => expect(again.seqs()).toEqual(range(15, 19)));
      await ctx.recordLive(session.lines(3));

      await expectEventually(() => expect(again.seqs()).toEqual(range(15, 22)));
      expect(again.messages().map((m) => m.type)).not.toContain('snapshot');
    });

    it('reconnects by itself when the replay service goes away, and misses nothing', async () => {
      const session = ctx.session();
      await ctx.store([...session.events, ...session.lines(2)]);
      const follow = ctx.backtrack(['follow', session.sessionId, '--json']);
      await expectEventually(() => expect(follow.messages()[0]).toMatchObject({ seq: 3 }));
      await ctx.recordLive(session.lines(2));
      await expectEventually(() => expect(follow.seqs()).toEqual(range(4, 5)));

      await ctx.stopReplay();
      await expectEventually(() => expect(follow.stderr).toContain('connection lost'));
      await ctx.store(session.lines(4)); // recorded while the replay service is down
      await ctx.startReplay();
      await expectEventually(() => expect(follow.seqs()).toEqual(range(4, 9)), {
        timeoutMs: 30_000,
      });
      await ctx.recordLive([...session.lines(2), session.ended(3)]);

      expect(await follow.exited).toBe(0);
      expect(follow.seqs()).toEqual(range(4, 12));
      expect(follow.messages().at(-1)).toEqual({ type: 'ended', exitCode: 3 });
      expect(follow.stderr).toContain('session ended (exit 3)');
    });

    it('waits for a session that reaches the server only after the follow started', async () => {
      const session = ctx.session();
      const follow = ctx.backtrack(['follow', session.sessionId, '--json']);
      await expectEventually(() =>
        expect(follow.stderr).toContain(`no session ${session.sessionId} on the server yet`),
      );

      await ctx.store([...session.events, ...session.lines(2)]);

      await expectEventually(() =>
        expect(follow.messages()[0]).toMatchObject({ type: 'snapshot', seq: 3 }),
      );
      await ctx.recordLive([session.ended(0)]);
      expect(await follow.exited).toBe(0);
    });

    it("follows @user: that user's newest session that has not ended", async () => {
      const live = ctx.session(ctx.colleague, Date.now() - 600_000);
      live.lines(2);
      const endedLater = ctx.session(ctx.colleague, Date.now() - 300_000);
      endedLater.ended(0);
      await ctx.storeSession(live);
      await ctx.storeSession(endedLater);

      const follow = ctx.backtrack(['follow', `@${ctx.colleague}`, '--json']);

      await expectEventually(() =>
        expect(follow.messages()[0]).toMatchObject({ type: 'snapshot', seq: 3 }),
      );
      expect(follow.stderr).toContain(
        `following ${ctx.colleague}'s live session ${live.sessionId}`,
      );
    });

    it('says clearly when there is nothing to follow', async () => {
      const ended = ctx.session();
      ended.ended(0);
      await ctx.storeSession(ended);
      const nobody = ctx.backtrack(['follow', `@${uniqueName('nobody')}`]);
      const unknown = ctx.backtrack(['follow', 'no-such-session', '--wait', '0.5']);
      const noneLive = ctx.backtrack(['follow', `@${ctx.user}`], ctx.user);

      expect(await nobody.exited).toBe(1);
      expect(nobody.stderr).toMatch(/no sessions of nobody-\S+ in your team/);
      expect(await unknown.exited).toBe(1);
      expect(unknown.stderr).toContain('no session no-such-session on the server yet; waiting');
      expect(unknown.stderr).toContain('cannot follow no-such-session: 404');
      expect(await noneLive.exited).toBe(1);
      expect(noneLive.stderr).toContain(`${ctx.user} has no live session`);
    });

    it('draws in a terminal the screen the recorded terminal showed, live, and q gives the terminal back', async () => {
      const session = ctx.session();
      session.output('\x1b[1;32mada@laptop\x1b[0m:\x1b[34m~/api\x1b[0m$ ls -l\r\n');
      session.output('total 2\r\n\x1b[34mdrwxr-xr-x\x1b[0m  src\r\n-rw-r--r--  README.md\r\n');
      session.output('building [####      ] 40%\rbuilding [##########] 100%\r\n');
      session.output('\x1b[31merror:\x1b[0m missing \x1b[4mconfig.json\x1b[0m\r\n$ ');
      await ctx.store(session.events);
      const follow = ctx.backtrackInTmux(['follow', session.sessionId]);
      const recorded = ctx.printedInTmux(session.printed());
      await expectEventually(() => expect(recorded.screen()).toContain('$'));
      await expectEventually(() => expect(follow.screen()).toBe(recorded.screen()));

      await ctx.recordLive([session.output('echo live\r\nlive\r\n$ ')]);
      const afterLive = ctx.printedInTmux(session.printed());
      await expectEventually(() => expect(afterLive.screen()).toContain('live\n$'));
      await expectEventually(() => expect(follow.screen()).toBe(afterLive.screen()));

      follow.type('q');
      await expectEventually(() => expect(follow.screen()).toContain('backtrack exited with 0'));
      expect(follow.screen()).toContain(`left ${session.sessionId} at event 6`);
    });
  });

  describe('backtrack play', () => {
    // 8 s of activity around a 30 s pause.
    async function sessionWithPause(): Promise<RecordedSession> {
      const session = ctx.session();
      session.lines(4, 1000);
      session.idle(29_000);
      session.lines(4, 1000);
      session.ended(0, 1000);
      await ctx.store(session.events);
      return session;
    }

    it('paces a recording with --speed and --idle-limit: active time / speed + the capped pause', async () => {
      const session = await sessionWithPause();
      const gaps = session.events.slice(1).map((e, i) => e.at - session.events[i]!.at);
      const idleMs = Math.max(...gaps);
      const activeMs = gaps.reduce((sum, gap) => sum + gap, 0) - idleMs;
      expect(idleMs).toBe(30_000);

      const play = ctx.backtrack([
        'play',
        session.sessionId,
        '--speed',
        '4',
        '--idle-limit',
        '1',
        '--json',
      ]);

      expect(await play.exited).toBe(0);
      const wall = Number(/to the end in ([\d.]+)s of wall time/.exec(play.stderr)?.[1]);
      const expected = activeMs / 4 / 1000 + 1;
      console.log(
        `backtrack play --speed 4 --idle-limit 1: ${wall.toFixed(1)}s of wall time (≈ ${expected.toFixed(1)}s expected)`,
      );
      expect(Math.abs(wall - expected)).toBeLessThanOrEqual(1.5);
      expect(play.seqs()).toEqual(range(1, 10));
      expect(play.messages()[0]).toMatchObject({ type: 'snapshot', seq: 0 });
      expect(play.messages().at(-1)).toEqual({ type: 'ended', exitCode: 0 });
    });

    it('starts at SESSION@TIME, as `backtrack share` reads it: an event seq or a time', async () => {
      const session = await sessionWithPause();
      const fast = ['--speed', '64', '--idle-limit', '0.1', '--json'];

      const atSeq = ctx.backtrack(['play', `${session.sessionId}@#7`, ...fast]);
      const atTime = ctx.backtrack(['play', `${session.sessionId}@0:20`, ...fast]);

      expect(await atSeq.exited).toBe(0);
      expect(atSeq.messages()[0]).toMatchObject({ type: 'snapshot', seq: 7 });
      expect(atSeq.seqs()).toEqual(range(8, 10));
      expect(await atTime.exited).toBe(0);
      expect(atTime.messages()[0]).toMatchObject({ type: 'snapshot', seq: 5 }); // the last before 20 s
      expect(atTime.seqs()).toEqual(range(6, 10));
    });

    it('takes keys in a terminal: space pauses and resumes, + speeds up, n jumps to the next command', async () => {
      const session = ctx.session();
      session.output('$ sleep 60\r\n', 1000);
      session.command('make', '$ make\r\n', 60_000);
      session.output('built\r\n', 1000);
      session.ended(0, 1000);
      await ctx.store(session.events);
      const play = ctx.backtrackInTmux(['play', session.sessionId]);
      await expectEventually(() => expect(play.screen()).toContain('$ sleep 60'));

      play.type(' ');
      await expectEventually(() => expect(play.screen()).toContain('paused (space resumes) at 1x'));
      play.type('+');
      await expectEventually(() => expect(play.screen()).toContain('paused (space resumes) at 2x'));
      play.type(' ');
      await expectEventually(() => expect(play.screen()).toContain('playing at 2x'));
      play.type('n');

      await expectEventually(() => expect(play.screen()).toContain('backtrack exited with 0'));
      expect(play.screen()).toMatch(
        /^\$ sleep 60\n\$ make\nbuilt\n\s*played \S+ to the end in [\d.]+s of wall time \(exit 0\)/,
      );
    });
  });
});
