import { createBus, EventBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import type { ServerMessage } from '@backtrack/playback';
import { appendEvents, testing } from '@backtrack/store';
import {
  event,
  expectEventually,
  freePort,
  ReplayClient,
  serviceArgv,
  serviceEnv,
  ServiceProcess,
  terminalOutput,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { createTeam } from '../src/create-team/create-team';
import { createToken } from '../src/create-token/create-token';
import { createUser } from '../src/create-user/create-user';

// How the gateway refused an upgrade: its status and the error its JSON body names.
async function refusalOf(client: ReplayClient) {
  const { status, body } = await client.refused();
  return { status, error: (JSON.parse(body) as { error: string }).error };
}

// Split mode as an operator runs it: the replay service and gateways as processes of their own, against real
// Postgres and RabbitMQ; the bus and the store stand in for the recorder and the projector.
class SplitModeContext {
  private readonly services: ServiceProcess[] = [];

  private constructor(
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    readonly namespace: string,
    readonly token: string,
    readonly user: string,
  ) {}

  static async start(): Promise<SplitModeContext> {
    const database = await testing.createTestDatabase({ poolSize: 2 });
    const namespace = uniqueName('bt-forward');
    const bus = await createBus(testServices.amqpUrl, { namespace });
    const team = await createTeam(database.dataSource, uniqueName('team'));
    const user = uniqueName('ada');
    await createUser(database.dataSource, user, team.name);
    const { token } = await createToken(database.dataSource, user);
    return new SplitModeContext(database, bus, namespace, token, user);
  }

  private get sharedEnv(): Record<string, string> {
    return {
      DATABASE_URL: this.database.url,
      BACKTRACK_BUS: testServices.amqpUrl,
      BACKTRACK_BUS_NAMESPACE: this.namespace,
      HOST: '127.0.0.1',
    };
  }

  async startReplay(): Promise<{ url: string; process: ServiceProcess }> {
    const port = await freePort();
    const replay = await ServiceProcess.start(
      serviceArgv('replay'),
      serviceEnv({
        ...this.sharedEnv,
        PORT: String(port),
        REPLAY_INSTANCE_ID: uniqueName('replay'),
      }),
      'replay: listening on',
    );
    this.services.push(replay);
    return { url: `http://127.0.0.1:${port}`, process: replay };
  }

  async startGateway(replayUrl?: string): Promise<{ url: string; process: ServiceProcess }> {
    const port = await freePort();
    const gateway = await ServiceProcess.start(
      serviceArgv('gateway', 'serve'),
      serviceEnv({
        ...this.sharedEnv,
        PORT: String(port),
        ...(replayUrl ? { BACKTRACK_REPLAY_URL: replayUrl } : {}),
      }),
      'gateway: listening on',
    );
    this.services.push(gateway);
    return { url: `http://127.0.0.1:${port}`, process: gateway };
  }

  // Events of a terminal session of this context's user.
  session() {
    const sessionId = `s-${uniqueName('forwarded')}`;
    const actor = { user: this.user, host: 'laptop' };
    return {
      sessionId,
      output: (from: number, to: number): AnyEvent[] =>
        Array.from({ length: to - from + 1 }, (_, i) => ({
          ...terminalOutput(sessionId, from + i, `line ${from + i}\r\n`),
          actor,
        })),
      ended: (seq: number): AnyEvent => ({
        ...event(sessionId, seq, 'session.ended', { exitCode: 0, reason: 'exited' }),
        actor,
      }),
    };
  }

  // What the recorder and the projector do: the batch on the bus, then in the store.
  async recordLive(events: AnyEvent[]): Promise<void> {
    await this.bus.publish({ sessionId: events[0]!.sessionId, events });
    await appendEvents(this.database.dataSource, events);
  }

  async close(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
    await this.bus.close();
    await this.database.drop();
  }
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ws = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

describe('the gateway forwards follow and play to the replay service (split mode)', () => {
  let ctx: SplitModeContext;
  let replay: { url: string; process: ServiceProcess };
  let gateway: { url: string; process: ServiceProcess };
  let gatewayWithoutReplay: { url: string; process: ServiceProcess };

  beforeAll(async () => {
    ctx = await SplitModeContext.start();
    replay = await ctx.startReplay();
    [gateway, gatewayWithoutReplay] = await Promise.all([
      ctx.startGateway(replay.url),
      ctx.startGateway(),
    ]);
  }, 180_000);
  afterAll(() => ctx.close());

  it('follows a live session through the gateway URL alone: what was stored, then live, then the end', async () => {
    const session = ctx.session();
    await appendEvents(ctx.database.dataSource, session.output(1, 20));
    const path = `/api/v1/sessions/${session.sessionId}/follow`;

    const withHeader = new ReplayClient(`${ws(gateway.url)}${path}?after=0`, {
      token: ctx.token,
    });
    const withQueryToken = new ReplayClient<ServerMessage>(
      `${ws(gateway.url)}${path}?after=10&token=${ctx.token}`,
    );
    await expectEventually(() => {
      expect(withHeader.seqs()).toContain(20);
      expect(withQueryToken.seqs()).toContain(20);
    });
    for (let from = 21; from <= 60; from += 10)
      await ctx.recordLive(session.output(from, from + 9));
    await ctx.recordLive([session.ended(61)]);

    await expectEventually(() => {
      expect(withHeader.closeCode).toBe(1000);
      expect(withQueryToken.closeCode).toBe(1000);
    });
    expect(withHeader.seqs()).toEqual(range(1, 61));
    expect(withQueryToken.seqs()).toEqual(range(11, 61));
    expect(withHeader.messages.at(-1)).toEqual({ type: 'ended', exitCode: 0 });
  });

  it("passes the replay service's own refusals on as they are", async () => {
    const session = ctx.session();
    await appendEvents(ctx.database.dataSource, session.output(1, 3));

    const anonymous = new ReplayClient(
      `${ws(gateway.url)}/api/v1/sessions/${session.sessionId}/follow`,
    );

    expect(await anonymous.refused()).toMatchObject({ status: 401 });
  });

  it('answers 503 naming BACKTRACK_REPLAY_URL when no replay service is configured', async () => {
    const client = new ReplayClient(
      `${ws(gatewayWithoutReplay.url)}/api/v1/sessions/s-1/play?token=${ctx.token}`,
    );

    const refusal = await refusalOf(client);
    expect(refusal.status).toBe(503);
    expect(refusal.error).toMatch(/^the replay service is not configured: .*BACKTRACK_REPLAY_URL/);
    expect(gatewayWithoutReplay.process.printed).toContain(
      'follow and play are not served: set BACKTRACK_REPLAY_URL',
    );
  });

  it('answers 502 naming the replay URL when the replay service is down', async () => {
    await replay.process.stop();

    const client = new ReplayClient(
      `${ws(gateway.url)}/api/v1/sessions/s-1/follow?token=${ctx.token}`,
    );

    const refusal = await refusalOf(client);
    expect(refusal.status).toBe(502);
    expect(refusal.error).toBe(
      `the replay service at ${replay.url} cannot be reached (ECONNREFUSED); check BACKTRACK_REPLAY_URL of the gateway`,
    );
  });
});
