import { randomBytes } from 'node:crypto';
import { ChannelModel } from 'amqplib';
import { BATCH_CONTENT_TYPE, EventBatch, encodeBatch } from '@backtrack/events';
import {
  BatchHandler,
  DeadLetterHandler,
  DEFAULT_PREFETCH,
  EventBus,
  SubscribeOptions,
  Subscription,
} from '../port';
import { handleBatchMessage } from './batch-member';
import { AmqpConnection } from './connection';
import { QueueConsumer } from './consumer';
import { deliverDeadLetter } from './dead-letters';
import { ConfirmPublisher } from './publisher';
import {
  assertName,
  assertPositiveInteger,
  RabbitMqBusOptions,
  RabbitMqBusSettings,
  resolveOptions,
} from './rabbitmq.options';
import { Topology } from './topology';

export type { RabbitMqBusOptions } from './rabbitmq.options';

const MAX_ROUTING_KEY_BYTES = 255;
const LEAVING_MEMBER_CHECKS = 10;

// The bus on RabbitMQ 3.10: confirmed persistent publishes, consistent-hash shards on quorum queues with a single
// active consumer each (ordered per session, failover to a standby), dead letters in a quorum queue per group.
// Ephemeral subscribers get exclusive classic shard queues of their own, deleted when they go.
export class RabbitMqBus implements EventBus {
  readonly kind = 'rabbitmq' as const;
  private readonly subscriptions = new Set<Subscription>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly settings: RabbitMqBusSettings,
    private readonly connection: AmqpConnection,
    private readonly topology: Topology,
    private readonly publisher: ConfirmPublisher,
  ) {}

  static async connect(options: RabbitMqBusOptions): Promise<RabbitMqBus> {
    const settings = resolveOptions(options);
    const connection = await AmqpConnection.open(settings);
    try {
      const topology = new Topology(settings.namespace, connection, settings);
      const publisher = new ConfirmPublisher(
        connection,
        topology,
        settings.publishTimeoutMs,
        settings.log,
      );
      await publisher.start();
      if (settings.groups.length > 0) await declareGroups(connection, topology, settings.groups);
      return new RabbitMqBus(settings, connection, topology, publisher);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  publish(batch: EventBatch): Promise<void> {
    return this.publishEncoded(batch.sessionId, encodeBatch(batch));
  }

  async publishEncoded(sessionId: string, body: Buffer): Promise<void> {
    if (
      typeof sessionId !== 'string' ||
      sessionId === '' ||
      Buffer.byteLength(sessionId) > MAX_ROUTING_KEY_BYTES
    ) {
      throw new Error(
        `session id must be 1-${MAX_ROUTING_KEY_BYTES} bytes to route a batch, got ${JSON.stringify(sessionId)}`,
      );
    }
    await this.publisher.publish(this.topology.names.events, sessionId, body, {
      persistent: true,
      contentType: BATCH_CONTENT_TYPE,
      headers: { 'x-session-id': sessionId },
    });
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    assertName('consumer group', options.group);
    const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
    assertPositiveInteger('prefetch', prefetch);
    if (options.maxAttempts !== undefined)
      assertPositiveInteger('maxAttempts', options.maxAttempts);
    const { group } = options;
    if (options.ephemeral) return this.subscribeEphemeral(options, prefetch, handler);
    return this.track(
      await QueueConsumer.start(this.connection, {
        label: `consumer of ${group}`,
        queues: this.topology.names.shardQueues(group, this.topology.shards),
        prefetch,
        declare: (channel) => this.topology.declareGroup(channel, group),
        handle: handleBatchMessage(
          group,
          handler,
          options.maxAttempts,
          this.publisher,
          this.topology.names,
        ),
        log: this.settings.log,
      }),
    );
  }

  // Its own shard queues, declared again after a reconnect (the broker dropped them with the old connection).
  private async subscribeEphemeral(
    options: SubscribeOptions,
    prefetch: number,
    handler: BatchHandler,
  ): Promise<Subscription> {
    const { group } = options;
    const id = randomBytes(6).toString('hex');
    return this.track(
      await QueueConsumer.start(this.connection, {
        label: `ephemeral consumer of ${group} (${id})`,
        queues: this.topology.names.ephemeralQueues(group, id, this.topology.shards),
        prefetch,
        declare: (channel) => this.topology.declareEphemeral(channel, group, id),
        handle: handleBatchMessage(
          group,
          handler,
          options.maxAttempts,
          this.publisher,
          this.topology.names,
        ),
        release: (channel) => this.topology.deleteEphemeral(channel, group, id),
        log: this.settings.log,
      }),
    );
  }

  async subscribeDeadLetters(group: string, handler: DeadLetterHandler): Promise<Subscription> {
    assertName('consumer group', group);
    return this.track(
      await QueueConsumer.start(this.connection, {
        label: `dead letters of ${group}`,
        queues: [this.topology.names.deadQueue(group)],
        prefetch: DEFAULT_PREFETCH,
        declare: (channel) => this.topology.declareDeadLetters(channel, group),
        handle: deliverDeadLetter(group, handler, this.settings.log),
        log: this.settings.log,
      }),
    );
  }

  // Quorum queues take no if-unused delete, so members are counted first: deleting under one would make it declare
  // the queues again. A member that just left may still be counted for a moment (a quorum queue learns it later).
  async deleteGroup(group: string): Promise<void> {
    assertName('consumer group', group);
    const model = await this.connection.ready();
    for (const queue of this.topology.names.shardQueues(group, this.topology.shards)) {
      for (let attempt = 1; ; attempt++) {
        const consumers = await consumersOf(model, queue);
        if (consumers === 0) break;
        if (attempt >= LEAVING_MEMBER_CHECKS)
          throw new Error(
            `cannot delete group ${group}: ${queue} still has ${consumers} consumer(s); close its subscriptions first`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
    const channel = await model.createChannel();
    channel.on('error', () => undefined); // the failed call itself reports what went wrong
    try {
      await this.topology.deleteGroup(channel, group);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.close()));
    await this.publisher.close();
    await this.connection.close();
  }

  // The bus closes what its users left open; a subscription closed by its user is forgotten.
  private track(subscription: Subscription): Subscription {
    this.subscriptions.add(subscription);
    const forget = () => void this.subscriptions.delete(subscription);
    return {
      pending: () => subscription.pending(),
      close: () => subscription.close().finally(forget),
      abort: () => subscription.abort().finally(forget),
    };
  }
}

// 0 when the queue does not exist: the broker answers that by closing the channel, so each check has its own.
async function consumersOf(model: ChannelModel, queue: string): Promise<number> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    return (await channel.checkQueue(queue)).consumerCount;
  } catch (error) {
    if (/\b404\b|NOT[_-]FOUND/i.test((error as Error).message)) return 0;
    throw error;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function declareGroups(
  connection: AmqpConnection,
  topology: Topology,
  groups: string[],
): Promise<void> {
  const channel = await (await connection.ready()).createChannel();
  channel.on('error', () => undefined); // the failed declare itself reports what went wrong
  try {
    for (const group of groups) await topology.declareGroup(channel, group);
  } finally {
    await channel.close().catch(() => undefined);
  }
}
