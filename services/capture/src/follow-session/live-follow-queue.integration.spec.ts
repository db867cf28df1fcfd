import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createBus, EventBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import {
  attachReplayEndpoint,
  hashToken,
  LiveHubs,
  ReplayEndpoint as ServedEndpoint,
  ServerMessage,
} from '@backtrack/playback';
import { appendEvents, insertTeam, insertToken, insertUser, testing } from '@backtrack/store';
import {
  event,
  expectEventually,
  terminalOutput,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { ReplayEndpoint } from '../terminal-player/replay-endpoint';
import { ReplayView } from '../terminal-player/replay-view';
import { FollowOutcome, LiveFollow } from './live-follow';
import { unfollowQueue } from './unfollow-queue';

const run = promisify(execFile);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

// What the viewer was shown.
class RecordingView implements ReplayView {
  readonly shown: ServerMessage[] = [];
  show(message: ServerMessage): void {
    this.shown.push(message);
  }
  notice(): void {}
  clearNotice(): void {}
  close(): void {}
  seqs(): number[] {
    return this.shown.flatMap((m) => (m.type === 'events' ? m.events.map((e) => e.seq) : []));
  }
}

// A replay instance in this process (the libraries backtrack-replay is made of) that can be stopped and started again
// on the same port, on RabbitMQ and Postgres; and the user the CLI follows as.
class ReplayInstanceContext {
  private hubs: LiveHubs | undefined;
  private readonly follows: LiveFollow[] = [];
  private endpoint: ServedEndpoint | undefined;

  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    readonly namespace: string,
    readonly server: Server,
    readonly replay: ReplayEndpoint,
  ) {}

  static async start(): Promise<ReplayInstanceContext> {
    const database = await testing.createTestDatabase({ poolSize: 4 });
    const namespace = uniqueName('bt-cli-queue');
    const bus = await createBus(testServices.amqpUrl, { namespace, groups: [] }); // no projector queues left behind
    // Between a stop and a start nothing serves the WebSockets: upgrades are answered as plain requests.
    const server = createServer((_request, response) => {
      response.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const teamId = randomUUID();
    await insertTeam(database.dataSource, { id: teamId, name: `team-${teamId}` });
    await insertUser(database.dataSource, 'ada', teamId);
    const token = `bt_${randomBytes(24).toString('base64url')}`;
    await insertToken(database.dataSource, {
      id: randomUUID(),
      user: 'ada',
      hash: hashToken(token),
      label: 'test',
    });
    const { port } = server.address() as AddressInfo;
    const ctx = new ReplayInstanceContext(database, bus, namespace, server, {
      base: `ws://127.0.0.1:${port}`,
      token,
    });
    await ctx.startReplay();
    return ctx;
  }

  async startReplay(): Promise<void> {
    const db = this.database.dataSource;
    this.hubs = await LiveHubs.start(db, this.bus, {
      instanceId: uniqueName('replay'),
      log: () => undefined,
    });
    this.endpoint = attachReplayEndpoint(this.server, {
      db,
      hubs: this.hubs,
      bus: this.bus,
      log: () => undefined,
    });
  }

  // As a restart: its sockets close (1001), and what it held in memory is gone.
  async stopReplay(): Promise<void> {
    await this.endpoint?.close();
    await this.hubs?.close();
  }

  session() {
    const sessionId = `s-${randomUUID()}`;
    const actor = { user: 'ada', host: 'laptop' };
    return {
      sessionId,
      output: (from: number, to: number): AnyEvent[] =>
        range(from, to).map((seq) => ({ ...terminalOutput(sessionId, seq), actor })),
      ended: (seq: number): AnyEvent => ({
        ...event(sessionId, seq, 'session.ended', { exitCode: 0, reason: 'exited' }),
        actor,
      }),
    };
  }

  async publish(events: AnyEvent[], options: { stored: boolean }): Promise<void> {
    await this.bus.publish({ sessionId: events[0]!.sessionId, events });
    if (options.stored) await appendEvents(this.database.dataSource, events);
  }

  follow(sessionId: string, options: { after?: number; queue?: string }) {
    const view = new RecordingView();
    const follow = new LiveFollow(this.replay, sessionId, view, {
      ...options,
      backoff: { firstDelayMs: 50, maxDelayMs: 200, maxAttempts: 100 },
    });
    this.follows.push(follow);
    const outcome: Promise<FollowOutcome> = follow.run();
    outcome.catch(() => undefined); // the test awaits it when it cares
    return { view, follow, outcome };
  }

  async queuesOf(sessionId: string, queue: string): Promise<string[]> {
    const { stdout } = await run('rabbitmqctl', [
      '-q',
      'list_queues',
      'name',
      '--no-table-headers',
    ]);
    return stdout
      .split('\n')
      .filter((name) => name.startsWith(`${this.namespace}.follow.${sessionId}.${queue}.`));
  }

  async close(): Promise<void> {
    for (const follow of this.follows) follow.quit();
    await this.stopReplay();
    await new Promise((resolve) => this.server.close(resolve));
    await this.bus.close();
    await this.database.drop();
  }
}

describe('backtrack follow --queue', () => {
  let ctx: ReplayInstanceContext;
  beforeAll(async () => {
    ctx = await ReplayInstanceContext.start();
  }, 60_000);
  afterAll(() => ctx?.close());

  it('keeps naming its queue when it reconnects, so a restarted replay service gives it what it missed', async () => {
    const session = ctx.session();
    await ctx.publish(session.output(1, 10), { stored: true });
    const { view, outcome } = ctx.follow(session.sessionId, { after: 0, queue: 'laptop' });
    await expectEventually(() => expect(view.seqs().at(-1)).toBe(10));

    await ctx.stopReplay();
    // While the service is down, and before the projector stored them: only the queue has these.
    await ctx.publish(session.output(11, 20), { stored: false });
    await ctx.startReplay();
    await expectEventually(() => expect(view.seqs().at(-1)).toBe(20), { timeoutMs: 45_000 });
    await ctx.publish([...session.output(21, 25), session.ended(26)], { stored: true });

    expect(await outcome).toEqual({ kind: 'ended', exitCode: 0 });
    expect(view.seqs()).toEqual(range(1, 26));
    expect(await ctx.queuesOf(session.sessionId, 'laptop')).toEqual([]);
  });

  it('deletes its queue with --unfollow', async () => {
    const session = ctx.session();
    await ctx.publish(session.output(1, 3), { stored: true });
    const { view, follow } = ctx.follow(session.sessionId, { queue: 'desk' });
    await expectEventually(() => expect(view.shown[0]).toMatchObject({ type: 'snapshot' }));
    follow.quit();
    expect(await ctx.queuesOf(session.sessionId, 'desk')).not.toEqual([]);

    await unfollowQueue(ctx.replay, session.sessionId, 'desk');

    expect(await ctx.queuesOf(session.sessionId, 'desk')).toEqual([]);
  });
});
