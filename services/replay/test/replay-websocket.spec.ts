import { createBus, EventBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { ServerMessage } from '@backtrack/playback';
import { appendEvents, testing } from '@backtrack/store';
import {
  event,
  expectEventually,
  ReplayClient,
  terminalOutput,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { randomUUID } from 'node:crypto';
import { startReplayServer, ReplayServer } from '../src';
import { memberToken } from './support/member-token';

const states = (client: ReplayClient<ServerMessage>) =>
  client.messages.flatMap((m) =>
    m.type === 'state' ? [{ paused: m.paused, speed: m.speed }] : [],
  );

class ReplayServiceContext {
  readonly clients: Array<ReplayClient<ServerMessage>> = [];
  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    readonly server: ReplayServer,
  ) {}

  static async start(): Promise<ReplayServiceContext> {
    const database = await testing.createTestDatabase();
    const namespace = uniqueName('bt-replay');
    const server = await startReplayServer({
      databaseUrl: database.url,
      busUrl: testServices.amqpUrl,
      busNamespace: namespace,
      port: 0,
      host: '127.0.0.1',
      instanceId: uniqueName('replay'),
    });
    const bus = await createBus(testServices.amqpUrl, { namespace });
    return new ReplayServiceContext(database, bus, server);
  }

  tokenFor(user: string, team: string): Promise<string> {
    const id = randomUUID();
    return memberToken(this.database.dataSource, user, { id, name: `${team}-${id}` });
  }

  // What the recorder sends and the projector stores, seq by seq.
  session(user: string) {
    const sessionId = `s-${randomUUID()}`;
    const start = Date.now();
    const actor = { user, host: 'laptop' };
    return {
      sessionId,
      // Output lines `stepMs` apart.
      output: (from: number, to: number, stepMs = 1): AnyEvent[] =>
        Array.from({ length: to - from + 1 }, (_, i) => ({
          ...terminalOutput(
            sessionId,
            from + i,
            `line ${from + i}\r\n`,
            start + (from + i) * stepMs,
          ),
          actor,
        })),
      ended: (seq: number): AnyEvent => ({
        ...event(sessionId, seq, 'session.ended', { exitCode: 0, reason: 'exited' }),
        actor,
      }),
    };
  }

  // A stored event the decoder no longer takes (as after a schema change): reading it back throws.
  async garbleStoredEvent(sessionId: string, seq: number): Promise<void> {
    await this.database.dataSource.query(
      `UPDATE events SET payload = to_jsonb('garbled'::text) WHERE session_id = $1 AND seq = $2`,
      [sessionId, seq],
    );
  }

  async recordLive(events: AnyEvent[]): Promise<void> {
    await this.bus.publish({ sessionId: events[0]!.sessionId, events });
    await appendEvents(this.database.dataSource, events);
  }

  open(path: string, token?: string): ReplayClient<ServerMessage> {
    const client = new ReplayClient<ServerMessage>(
      `${this.server.url.replace('http', 'ws')}${path}`,
      token ? { token } : {},
    );
    this.clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.server.close();
    await this.bus.close();
    await this.database.drop();
  }
}

describe('replay service: follow and play over WebSockets', () => {
  let ctx: ReplayServiceContext;
  beforeAll(async () => {
    ctx = await ReplayServiceContext.start();
  });
  afterAll(() => ctx.close());

  it('follow a live session end to end: what was stored, then live, once each, then the end', async () => {
    const token = await ctx.tokenFor('ada', 'platform');
    const session = ctx.session('ada');
    await appendEvents(ctx.database.dataSource, session.output(1, 50));

    const client = ctx.open(`/api/v1/sessions/${session.sessionId}/follow?after=0`, token);
    await expectEventually(() => expect(client.seqs()).toContain(50));
    for (let from = 51; from <= 150; from += 10)
      await ctx.recordLive(session.output(from, from + 9));
    await ctx.recordLive([session.ended(151)]);

    await expectEventually(() => expect(client.closeCode).toBe(1000));
    expect(client.seqs()).toEqual(Array.from({ length: 151 }, (_, i) => i + 1));
    expect(client.messages.at(-1)).toEqual({ type: 'ended', exitCode: 0 });
  });

  it('accept the token as ?token= too, for browsers, and start a late joiner with the screen', async () => {
    const token = await ctx.tokenFor('bea', 'platform');
    const session = ctx.session('bea');
    await appendEvents(ctx.database.dataSource, session.output(1, 5));

    const client = ctx.open(`/api/v1/sessions/${session.sessionId}/follow?token=${token}`);

    await expectEventually(() =>
      expect(client.messages[0]).toMatchObject({ type: 'snapshot', seq: 5 }),
    );
  });

  it('play a recording with controls: paused, then resumed to the end', async () => {
    const token = await ctx.tokenFor('cyd', 'platform');
    const session = ctx.session('cyd');
    const lines = session.output(1, 20, 1000);
    await appendEvents(ctx.database.dataSource, [
      ...lines,
      { ...session.ended(21), at: lines[19]!.at },
    ]);

    // 10 s of recording after seq 10, played in 2.5 s: the pause lands well before the end.
    const client = ctx.open(`/api/v1/sessions/${session.sessionId}/play?speed=4&fromSeq=10`, token);
    await expectEventually(() =>
      expect(client.messages[0]).toMatchObject({ type: 'snapshot', seq: 10 }),
    );
    client.send({ type: 'pause' });
    await expectEventually(() => expect(states(client)).toContainEqual({ paused: true, speed: 4 }));
    client.send({ type: 'resume' });

    await expectEventually(() =>
      expect(client.messages.at(-1)).toEqual({ type: 'ended', exitCode: 0 }),
    );
    expect(client.seqs()).toEqual(Array.from({ length: 11 }, (_, i) => i + 11));
    const paused = client.messages.findIndex((m) => m.type === 'state' && m.paused);
    expect(client.messages[paused + 1]).toMatchObject({ type: 'state', paused: false });
  });

  it('answer a bad control with an error message and carry on', async () => {
    const token = await ctx.tokenFor('dan', 'platform');
    const session = ctx.session('dan');
    await appendEvents(ctx.database.dataSource, session.output(1, 3));

    const client = ctx.open(`/api/v1/sessions/${session.sessionId}/play`, token);
    await expectEventually(() => expect(client.messages[0]).toMatchObject({ type: 'snapshot' }));
    client.send({ type: 'speed', speed: 1000 });

    await expectEventually(() =>
      expect(client.messages).toContainEqual({
        type: 'error',
        message: 'speed.speed must be at most 64, got 1000',
      }),
    );
    expect(client.closeCode).toBeUndefined();
  });

  it('close a follow that cannot read the store with 1011, after an error saying why', async () => {
    const token = await ctx.tokenFor('fay', 'platform');
    const session = ctx.session('fay');
    await appendEvents(ctx.database.dataSource, session.output(1, 20));
    const watching = ctx.open(`/api/v1/sessions/${session.sessionId}/follow`, token);
    await expectEventually(() =>
      expect(watching.messages[0]).toMatchObject({ type: 'snapshot', seq: 20 }),
    );
    await ctx.garbleStoredEvent(session.sessionId, 5); // the hub has its screen; reading 1..20 back now fails

    const catchingUp = ctx.open(`/api/v1/sessions/${session.sessionId}/follow?after=0`, token);
    await expectEventually(() => expect(catchingUp.closeCode).toBe(1011));
    const otherSession = ctx.session('fay');
    await appendEvents(ctx.database.dataSource, otherSession.output(1, 3));
    await ctx.garbleStoredEvent(otherSession.sessionId, 2);
    const starting = ctx.open(`/api/v1/sessions/${otherSession.sessionId}/follow`, token);
    await expectEventually(() => expect(starting.closeCode).toBe(1011));

    const noLongerDecodes = (sessionId: string, seq: number) =>
      expect.stringContaining(`stored event ${sessionId}/${seq} no longer decodes: `);
    expect(catchingUp.messages).toEqual([
      { type: 'error', message: noLongerDecodes(session.sessionId, 5) },
    ]);
    expect((catchingUp.messages[0] as { message: string }).message).toMatch(
      /^catching up failed: /,
    );
    expect(starting.messages).toEqual([
      { type: 'error', message: noLongerDecodes(otherSession.sessionId, 2) },
    ]);
    expect(watching.closeCode).toBeUndefined();
  });

  it("refuse without a token (401), and hide another team's session (404)", async () => {
    const session = ctx.session('eve');
    await appendEvents(ctx.database.dataSource, session.output(1, 3));
    await ctx.tokenFor('eve', 'platform');
    const outsider = await ctx.tokenFor('mallory', 'other-team');

    const anonymous = ctx.open(`/api/v1/sessions/${session.sessionId}/follow`);
    const otherTeam = ctx.open(`/api/v1/sessions/${session.sessionId}/follow`, outsider);
    const wrongPath = ctx.open(`/api/v1/nothing-here`, outsider);
    const badQuery = ctx.open(`/api/v1/sessions/${session.sessionId}/follow?after=soon`, outsider);

    expect((await anonymous.refused()).status).toBe(401);
    expect((await otherTeam.refused()).status).toBe(404);
    expect((await wrongPath.refused()).status).toBe(404);
    expect((await badQuery.refused()).status).toBe(400);
  });
});
