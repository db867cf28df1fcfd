import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAsciicast, toAsciicastV2, toAsciicastV3 } from '@backtrack/asciicast';
import { AnyEvent, createEvent, EventType, PayloadInput, uuidv7 } from '@backtrack/events';
import { appendEvents, testing } from '@backtrack/store';
import {
  expectEventually,
  freePort,
  runOnce,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { CliRun, runBacktrack } from '../../test/support/backtrack-cli';
import { BusListener } from '../../test/support/bus-listener';

// The real gateway as its own process (services share no code), on a test database and a bus namespace of our own.

class AsciicastCliContext {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-asciicast-'));
  user = '';
  private token = '';
  private url = '';
  private gateway?: ServiceProcess;

  private constructor(
    readonly database: testing.TestDatabase,
    readonly listener: BusListener,
  ) {}

  static async start(): Promise<AsciicastCliContext> {
    const database = await testing.createTestDatabase({ poolSize: 2 });
    const ctx = new AsciicastCliContext(database, await BusListener.start('asciicast-cli'));
    const team = uniqueName('team');
    ctx.user = uniqueName('ada');
    await ctx.admin('create-team', team);
    await ctx.admin('create-user', ctx.user, '--team', team);
    ctx.token = (await ctx.admin('create-token', ctx.user)).trim();
    await ctx.startGateway();
    return ctx;
  }

  backtrack(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    const as = { BACKTRACK_URL: this.url, BACKTRACK_TOKEN: this.token };
    return runBacktrack(args, {
      env: { BACKTRACK_HOME: this.home, ...as, ...env },
      cwd: this.home,
    });
  }

  file(name: string, text?: string): string {
    const path = join(this.home, name);
    if (text !== undefined) writeFileSync(path, text);
    return path;
  }

  // The event store as the projector would have filled it.
  async store(events: AnyEvent[]): Promise<void> {
    await appendEvents(this.database.dataSource, events);
  }

  async close(): Promise<void> {
    await this.gateway?.stop();
    await this.listener.close();
    await this.database.drop();
    rmSync(this.home, { recursive: true, force: true });
  }

  private async admin(...args: string[]): Promise<string> {
    const run = await runOnce(
      serviceArgv('gateway', ...args),
      serviceEnv({ DATABASE_URL: this.database.url }),
    );
    if (run.code !== 0) throw new Error(`backtrack-gateway ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  }

  private async startGateway(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.gateway = await ServiceProcess.start(
      serviceArgv('gateway', 'serve'),
      serviceEnv({
        DATABASE_URL: this.database.url,
        BACKTRACK_BUS: testServices.amqpUrl,
        BACKTRACK_BUS_NAMESPACE: this.listener.namespace,
        PORT: String(port),
        HOST: '127.0.0.1',
      }),
      'gateway: listening on',
    );
  }
}

// A recorded terminal session of `outputs` output chunks, with typed input, commands, a resize and a marker.
function terminalSession(
  user: string,
  outputs: number,
  startAt = Date.UTC(2026, 10, 17, 9),
): AnyEvent[] {
  const sessionId = uuidv7();
  const events: AnyEvent[] = [];
  let at = startAt;
  const add = <T extends EventType>(type: T, payload: PayloadInput<T>, waitMs = 0) => {
    at += waitMs;
    events.push(
      createEvent({
        sessionId,
        seq: events.length + 1,
        type,
        payload,
        at,
        actor: { user, host: 'ada-laptop' },
      }),
    );
  };
  add('session.started', {
    source: 'terminal',
    agent: { name: 'backtrack-record', version: '0.1.0' },
    cols: 120,
    rows: 40,
    shell: '/bin/bash',
    term: 'xterm-256color',
    title: 'tests on feature/login',
  });
  add('terminal.input', { data: 'npm test\r' }, 700);
  add('terminal.command.started', { commandId: 'c1', commandLine: 'npm test' }, 3);
  for (let i = 1; i <= outputs; i++)
    add('terminal.output', { data: `\u001b[32m✓\u001b[0m test ${i} — ok 🚀\r\n` }, (i * 37) % 11);
  add('terminal.command.finished', { commandId: 'c1', exitCode: 1, durationMs: 900 }, 5);
  add('terminal.resize', { cols: 100, rows: 30 }, 250);
  add('terminal.marker', { label: 'failing test here' }, 10);
  add('session.ended', { exitCode: 1, reason: 'exited' }, 1500);
  return events;
}

describe('backtrack export and import against a running gateway', () => {
  let ctx: AsciicastCliContext;
  beforeAll(async () => {
    ctx = await AsciicastCliContext.start();
  }, 120_000);
  afterAll(() => ctx?.close());

  describe('backtrack export', () => {
    it('writes a long session to a file as asciicast v2, page after page, telling its progress on stderr', async () => {
      const session = terminalSession(ctx.user, 12_000);
      await ctx.store(session);
      const file = ctx.file('long.cast');
      const run = await ctx.backtrack([
        'export',
        session[0]!.sessionId,
        '--format',
        'asciicast-v2',
        '-o',
        file,
      ]);
      expect(run).toMatchObject({ code: 0, stdout: '' });
      expect(run.stderr).toContain(
        'fetched 5000 events…\nfetched 10000 events…\nfetched 12007 events…\n',
      );
      expect(run.stderr).toContain(
        `exported session ${session[0]!.sessionId} (12007 events) as asciicast v2 to ${file}`,
      );
      const text = readFileSync(file, 'utf8');
      expect(text).toBe(toAsciicastV2(session));
      const parsed = parseAsciicast(text);
      expect(parsed.header).toMatchObject({ cols: 120, rows: 40, title: 'tests on feature/login' });
      expect(parsed.events.filter(([, code]) => code === 'o')).toHaveLength(12_000);
    });

    it('prints asciicast v3 with the idle limit to stdout', async () => {
      const session = terminalSession(ctx.user, 20);
      await ctx.store(session);
      const run = await ctx.backtrack([
        'export',
        session[0]!.sessionId,
        '--format',
        'asciicast-v3',
        '--idle-limit',
        '2.5',
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(toAsciicastV3(session, { idleTimeLimit: 2.5 }));
      expect(run.stdout.split('\n').at(-2)).toBe('[1.5, "x", "1"]');
    });

    it('says when the session does not exist, the token is wrong, or no server is configured', async () => {
      const missing = await ctx.backtrack(['export', uuidv7(), '--format', 'asciicast-v2']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /^backtrack: no session ".+" on http:\/\/127\.0\.0\.1:\d+ that your team can see/,
      );
      const wrongToken = await ctx.backtrack(['export', uuidv7(), '--format', 'asciicast-v2'], {
        BACKTRACK_TOKEN: 'bt_not-a-token',
      });
      expect(wrongToken.code).toBe(1);
      expect(wrongToken.stderr).toContain('rejected the token');
      const nowhere = await ctx.backtrack(['export', uuidv7(), '--format', 'asciicast-v2'], {
        BACKTRACK_URL: '',
        BACKTRACK_TOKEN: '',
      });
      expect(nowhere.code).toBe(1);
      expect(nowhere.stderr).toContain('no Backtrack server configured');
    });

    it('refuses a bad format or idle limit', async () => {
      const format = await ctx.backtrack(['export', uuidv7(), '--format', 'mp4']);
      expect(format.code).toBe(1);
      expect(format.stderr).toContain(
        "argument 'mp4' is invalid. Allowed choices are asciicast-v2, asciicast-v3",
      );
      const idle = await ctx.backtrack([
        'export',
        uuidv7(),
        '--format',
        'asciicast-v2',
        '--idle-limit',
        '-1',
      ]);
      expect(idle.code).toBe(1);
      expect(idle.stderr).toContain('--idle-limit must be a number of seconds above 0');
    });
  });

  describe('backtrack import', () => {
    it('sends the recording as a new session in batches, prints its id, and exports back to the same file', async () => {
      const original = terminalSession(ctx.user, 1500, Date.UTC(2026, 10, 18, 14, 30));
      const cast = toAsciicastV3(original, { title: 'Imported demo' });
      const run = await ctx.backtrack([
        'import',
        ctx.file('demo.cast', cast),
        '--title',
        'Imported demo',
      ]);
      expect(run.code).toBe(0);
      const sessionId = run.stdout.trim();
      expect(sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      expect(run.stderr).toContain(`as session ${sessionId}`);
      const imported = await expectEventually(() => {
        const events = ctx.listener.of(sessionId);
        expect(events).toHaveLength(1500 + 6);
        return events;
      });
      expect(imported.map((event) => event.seq)).toEqual(imported.map((_, i) => i + 1));
      expect(imported[0]).toMatchObject({
        type: 'session.started',
        at: Date.UTC(2026, 10, 18, 14, 30),
        actor: { user: ctx.user },
        payload: { source: 'import', title: 'Imported demo', cols: 120, rows: 40 },
      });
      expect(imported.at(-1)).toMatchObject({
        type: 'session.ended',
        payload: { exitCode: 1, reason: 'imported' },
      });

      await ctx.store(imported);
      const exported = await ctx.backtrack(['export', sessionId, '--format', 'asciicast-v3']);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toBe(cast);
    });

    it('rejects a malformed file naming the line, before contacting any server', async () => {
      const file = ctx.file(
        'broken.cast',
        [
          '{"version": 2, "width": 80, "height": 24}',
          '[0.5, "o", "a"]',
          '[0.25, "o", "b"]',
          '',
        ].join('\n'),
      );
      // A server that cannot be reached: the parse error must come first.
      const run = await ctx.backtrack(['import', file], {
        BACKTRACK_URL: `http://127.0.0.1:${await freePort()}`,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `backtrack: ${file}: line 3: time goes backwards: 0.25 is before the previous event's 0.5; nothing was imported\n`,
      );
    });
  });
});
