import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { createBus, EmbeddedBus, EventBus, KafkaBus } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { ServerMessage } from '@backtrack/playback';
import { appendEvents, testing } from '@backtrack/store';
import { event, ReplayClient, terminalOutput, testServices, uniqueName } from '@backtrack/testing';
import { connect } from 'amqplib';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { ReplayServer, startReplayServer } from '../src';
import { memberToken } from './support/member-token';

const run = promisify(execFile);

export type BusKind = 'embedded' | 'rabbitmq' | 'kafka';

// A follower's WebSocket: what the server sent, and how the connection ended.
export type FollowClient = ReplayClient<ServerMessage>;

// A replay server on a real bus and Postgres, a recorder publishing to that bus, and a look at what the broker keeps.
export class FollowQueueContext {
  private readonly clients: FollowClient[] = [];
  private kafkaAdmin: Admin | undefined;

  private constructor(
    readonly kind: BusKind,
    readonly namespace: string,
    readonly database: testing.TestDatabase,
    readonly bus: EventBus,
    readonly server: ReplayServer,
  ) {}

  static async start(kind: BusKind): Promise<FollowQueueContext> {
    const database = await testing.createTestDatabase({ poolSize: 4 });
    const namespace = uniqueName('bt-follow-queue');
    const busUrl = {
      embedded: 'memory://',
      rabbitmq: testServices.amqpUrl,
      kafka: `kafka://${testServices.kafkaBrokers.join(',')}`,
    }[kind];
    // The embedded bus lives in the process: the recorder and the replay server share the one instance.
    const shared = kind === 'embedded' ? new EmbeddedBus() : undefined;
    const server = await startReplayServer(
      {
        databaseUrl: database.url,
        busUrl,
        busNamespace: namespace,
        port: 0,
        host: '127.0.0.1',
        instanceId: uniqueName('replay'),
      },
      () => undefined,
      shared,
    );
    const bus = shared ?? (await createBus(busUrl, { namespace }));
    return new FollowQueueContext(kind, namespace, database, bus, server);
  }

  // A user in a team of their own (unless given one) and a token for them.
  tokenFor(user: string, teamId: string = randomUUID()): Promise<string> {
    return memberToken(this.database.dataSource, user, { id: teamId, name: `team-${teamId}` });
  }

  // A terminal session of `user`: output lines by seq, and its end.
  session(user: string) {
    const sessionId = `s-${randomUUID()}`;
    const actor = { user, host: 'laptop' };
    const start = Date.now();
    return {
      sessionId,
      output: (from: number, to: number): AnyEvent[] =>
        Array.from({ length: to - from + 1 }, (_, i) => ({
          ...terminalOutput(sessionId, from + i, `line ${from + i}\r\n`, start + from + i),
          actor,
        })),
      ended: (seq: number): AnyEvent => ({
        ...event(sessionId, seq, 'session.ended', { exitCode: 3, reason: 'exited' }),
        actor,
      }),
    };
  }

  // What the projector did: the events are in the store.
  async store(events: AnyEvent[]): Promise<void> {
    await appendEvents(this.database.dataSource, events);
  }

  // What the recorder sends, in batches of `size`; `stored: false` when the projector has not stored them (yet).
  async record(events: AnyEvent[], options: { stored: boolean; size?: number }): Promise<void> {
    const size = options.size ?? 10;
    for (let i = 0; i < events.length; i += size) {
      const batch = events.slice(i, i + size);
      await this.bus.publish({ sessionId: batch[0]!.sessionId, events: batch });
      if (options.stored) await this.store(batch);
    }
  }

  follow(sessionId: string, token: string, query: Record<string, string | number>): FollowClient {
    const params = new URLSearchParams(
      Object.entries(query).map(([key, value]) => [key, String(value)]),
    );
    const url = `${this.server.url.replace('http', 'ws')}/api/v1/sessions/${sessionId}/follow?${params}`;
    const client: FollowClient = new ReplayClient(url, { token });
    this.clients.push(client);
    return client;
  }

  // What the broker keeps for the follow queues of a session named `queue` (queue names or consumer group ids).
  async brokerHolds(sessionId: string, queue: string): Promise<string[]> {
    const prefix = `${this.namespace}.follow.${sessionId}.${queue}.`;
    if (this.kind === 'rabbitmq') {
      const { stdout } = await run('rabbitmqctl', [
        '-q',
        'list_queues',
        'name',
        '--no-table-headers',
      ]);
      return stdout.split('\n').filter((name) => name.startsWith(prefix));
    }
    if (this.kind === 'kafka') {
      this.kafkaAdmin ??= await this.connectKafkaAdmin();
      const { groups } = await this.kafkaAdmin.listGroups();
      return groups.map(({ groupId }) => groupId).filter((id) => id.startsWith(prefix));
    }
    throw new Error('the embedded bus keeps nothing outside the process to look at');
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.socket.terminate();
    await this.server.close();
    await this.bus.close();
    await this.kafkaAdmin?.disconnect();
    if (this.kind === 'kafka')
      await KafkaBus.deleteNamespace({
        brokers: testServices.kafkaBrokers,
        namespace: this.namespace,
      });
    if (this.kind === 'rabbitmq') await this.deleteRabbitMqNamespace();
    await this.database.drop();
  }

  private async connectKafkaAdmin(): Promise<Admin> {
    const admin = new Kafka({
      brokers: testServices.kafkaBrokers,
      clientId: 'follow-queue-test',
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    return admin;
  }

  // Queues and exchanges the run made, so the shared broker does not collect them.
  private async deleteRabbitMqNamespace(): Promise<void> {
    const ours = async (what: string) =>
      (await run('rabbitmqctl', ['-q', what, 'name', '--no-table-headers'])).stdout
        .split('\n')
        .filter((name) => name.startsWith(`${this.namespace}.`));
    const connection = await connect(testServices.amqpUrl);
    const channel = await connection.createChannel();
    for (const queue of await ours('list_queues')) await channel.deleteQueue(queue);
    for (const exchange of await ours('list_exchanges')) await channel.deleteExchange(exchange);
    await connection.close();
  }
}
