import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyEvent, decodeBatch } from '@backtrack/events';
import { expectEventually, testServices } from '@backtrack/testing';
import { CliRun, runBacktrack } from './support/backtrack-cli';
import { BusListener } from './support/bus-listener';

// Recording while Backtrack is unreachable, then `backtrack sync` once a live sink (the real RabbitMQ) is there.
class OfflineContext {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-offline-'));
  listener!: BusListener;

  get spoolDir(): string {
    return join(this.home, 'spool');
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { BACKTRACK_HOME: this.home, HOME: this.home, ...extra };
  }

  // A program printing `lines` lines then exiting with `exitCode`, recorded against a gateway on a closed port.
  async recordWhileUnreachable(lines: number, exitCode: number): Promise<CliRun> {
    const server = `http://127.0.0.1:${await closedPort()}`;
    const script = `for i in $(seq 1 ${lines}); do echo "line $i of the offline session"; done; exit ${exitCode}`;
    return runBacktrack(['record', '--server', server, '--', 'sh', '-c', script], {
      env: this.env(),
      cwd: this.home,
    });
  }

  spooledEvents(): AnyEvent[] {
    return readdirSync(this.spoolDir)
      .filter((name) => name.endsWith('.jsonl'))
      .flatMap((name) =>
        readFileSync(join(this.spoolDir, name), 'utf8').split('\n').filter(Boolean),
      )
      .flatMap((line) => decodeBatch(line).events);
  }

  async sync(): Promise<CliRun> {
    return this.backtrackOnBus('sync');
  }

  // A recording (or sync) with the broker reachable, on the listener's namespace.
  async backtrackOnBus(command: 'sync' | 'record', ...rest: string[]): Promise<CliRun> {
    this.listener ??= await BusListener.start('capture-sync');
    const env = this.env({ BACKTRACK_BUS_NAMESPACE: this.listener.namespace });
    return runBacktrack([command, '--bus', testServices.amqpUrl, ...rest], { env, cwd: this.home });
  }

  sessionIds(events: AnyEvent[]): string[] {
    return [...new Set(events.map((event) => event.sessionId))];
  }

  async cleanup(): Promise<void> {
    await this.listener?.close();
    rmSync(this.home, { recursive: true, force: true });
  }
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('recording while the sink is unreachable, then backtrack sync', () => {
  const ctx = new OfflineContext();
  let recording: CliRun;
  beforeAll(async () => {
    recording = await ctx.recordWhileUnreachable(20_000, 3);
  }, 60_000);
  afterAll(() => ctx.cleanup());

  it('records anyway: output passes through, the exit code is kept, and the events go to the spool', () => {
    expect(recording.code).toBe(3);
    expect(recording.stdout).toContain('line 20000 of the offline session');
    const events = ctx.spooledEvents();
    expect(recording.stderr).toContain(
      `${events.length} events: 0 delivered, ${events.length} kept in the local spool`,
    );
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)).toMatchObject({ type: 'session.ended', payload: { exitCode: 3 } });
    expect(events.filter((event) => event.type === 'terminal.output').length).toBeGreaterThan(1);
  });

  it('sync delivers every spooled event exactly once, in order, and empties the spool', async () => {
    const spooled = ctx.spooledEvents();
    const sync = await ctx.sync();
    expect(sync).toMatchObject({ code: 0 });
    expect(sync.stdout).toMatch(/sent\s+[0-9a-f-]{36}: \d+ batches/);
    await expectEventually(() => expect(ctx.listener.received).toHaveLength(spooled.length));
    expect(ctx.listener.received.map((event) => event.id)).toEqual(
      spooled.map((event) => event.id),
    );
    expect(readdirSync(ctx.spoolDir).filter((name) => !name.endsWith('.lock'))).toEqual([]);
  });

  it('a second sync has nothing left to send', async () => {
    const before = ctx.listener.received.length;
    const sync = await ctx.sync();
    expect(sync.stdout).toContain('nothing to send');
    expect(ctx.listener.received).toHaveLength(before);
    expect(existsSync(ctx.spoolDir)).toBe(true);
  });

  it('the next recording with the sink reachable also sends what an offline recording left in the spool', async () => {
    const offline = await runBacktrack(
      ['record', '--offline', '--', 'echo', 'recorded on a plane'],
      { env: ctx.env(), cwd: ctx.home },
    );
    expect(offline.stderr).toContain('kept in the local spool');
    const [planeSession] = ctx.sessionIds(ctx.spooledEvents());
    const online = await ctx.backtrackOnBus('record', '--', 'echo', 'back on the ground');
    expect(online.stderr).toContain('all delivered');
    await expectEventually(() => {
      const plane = ctx.listener.of(planeSession!);
      expect(plane.map((event) => event.seq)).toEqual(plane.map((_, i) => i + 1));
      expect(plane.at(-1)?.type).toBe('session.ended');
    });
    expect(readdirSync(ctx.spoolDir).filter((name) => name.endsWith('.jsonl'))).toEqual([]);
  });
});
