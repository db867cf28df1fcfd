import { Channel } from 'amqplib';
import { AmqpConnection } from './connection';
import { assertName } from './rabbitmq.options';

export const CONSISTENT_HASH_EXCHANGE = 'x-consistent-hash';
export const CONSISTENT_HASH_PLUGIN = 'rabbitmq_consistent_hash_exchange';

// Every name the adapter uses, in one place: the adapter declares them, tests and operators find them.
export class TopologyNames {
  constructor(readonly namespace: string) {}

  get events(): string {
    return `${this.namespace}.events`;
  }

  get dead(): string {
    return `${this.namespace}.dead`;
  }

  groupExchange(group: string): string {
    return `${this.namespace}.events.${group}`;
  }

  shardQueue(group: string, shard: number): string {
    return `${this.namespace}.${group}.shard.${shard}`;
  }

  shardQueues(group: string, shards: number): string[] {
    return Array.from({ length: shards }, (_, shard) => this.shardQueue(group, shard));
  }

  deadQueue(group: string): string {
    return `${this.namespace}.${group}.dead`;
  }

  // An ephemeral subscriber's own hash exchange and shard queues: `id` is unique to the subscription.
  ephemeralExchange(group: string, id: string): string {
    return `${this.namespace}.ephemeral.${group}.${id}`;
  }

  ephemeralQueues(group: string, id: string, shards: number): string[] {
    return Array.from(
      { length: shards },
      (_, shard) => `${this.ephemeralExchange(group, id)}.shard.${shard}`,
    );
  }
}

export interface TopologySettings {
  shards: number;
  deliveryLimit: number;
  // Only a test names another type, to see the error a broker without the plugin gives.
  hashExchangeType?: string;
}

// Publishers -> `ns.events` (fanout, routing key = session id) -> per group `ns.events.<group>` (consistent hash)
// -> shard queues (quorum, single active consumer). Poison and crash-looping batches end in `ns.<group>.dead`.
// An ephemeral subscriber gets the same shape under `ns.ephemeral.<group>.<id>`, gone when it is.
export class Topology {
  readonly names: TopologyNames;

  constructor(
    namespace: string,
    private readonly connection: AmqpConnection,
    private readonly settings: TopologySettings,
  ) {
    this.names = new TopologyNames(namespace);
  }

  get shards(): number {
    return this.settings.shards;
  }

  async declarePublishing(channel: Channel): Promise<void> {
    await channel.assertExchange(this.names.events, 'fanout', { durable: true });
    await channel.assertExchange(this.names.dead, 'direct', { durable: true });
  }

  async declareGroup(channel: Channel, group: string): Promise<void> {
    assertName('consumer group', group);
    const groupExchange = this.names.groupExchange(group);
    await this.declarePublishing(channel);
    await this.declareHashExchange(channel, groupExchange);
    await channel.bindExchange(groupExchange, this.names.events, '');
    await this.declareDeadLetters(channel, group);
    for (const queue of this.names.shardQueues(group, this.settings.shards)) {
      await channel.assertQueue(queue, {
        durable: true,
        arguments: this.shardQueueArguments(group),
      });
      await channel.bindQueue(queue, groupExchange, '1'); // weight: every shard takes an equal share of sessions
    }
  }

  // Like a group's, but nothing outlives the subscriber: the shard queues are classic, non-durable and exclusive to
  // this connection (gone with it), the hash exchange auto-deletes once they are. Not auto-delete queues: a channel
  // that is recycled (a handler error) finds its queue, and the unsettled batches, still there.
  async declareEphemeral(channel: Channel, group: string, id: string): Promise<void> {
    assertName('consumer group', group);
    const exchange = this.names.ephemeralExchange(group, id);
    await this.declarePublishing(channel);
    await this.declareHashExchange(channel, exchange, { durable: false, autoDelete: true });
    await channel.bindExchange(exchange, this.names.events, '');
    for (const queue of this.names.ephemeralQueues(group, id, this.settings.shards)) {
      await channel.assertQueue(queue, {
        durable: false,
        exclusive: true,
        arguments: { 'x-queue-type': 'classic' }, // a broker whose default type is quorum would refuse exclusive
      });
      await channel.bindQueue(queue, exchange, '1');
    }
  }

  // What close() leaves: nothing. (A crashed process leaves nothing either: its connection takes the queues along.)
  async deleteEphemeral(channel: Channel, group: string, id: string): Promise<void> {
    for (const queue of this.names.ephemeralQueues(group, id, this.settings.shards))
      await channel.deleteQueue(queue);
    await channel.deleteExchange(this.names.ephemeralExchange(group, id));
  }

  // Everything declareGroup made for the group, dead letters included (deleting what is not there is no error).
  async deleteGroup(channel: Channel, group: string): Promise<void> {
    assertName('consumer group', group);
    for (const queue of this.names.shardQueues(group, this.settings.shards))
      await channel.deleteQueue(queue);
    await channel.deleteQueue(this.names.deadQueue(group));
    await channel.deleteExchange(this.names.groupExchange(group));
  }

  async declareDeadLetters(channel: Channel, group: string): Promise<void> {
    assertName('consumer group', group);
    const queue = this.names.deadQueue(group);
    await channel.assertExchange(this.names.dead, 'direct', { durable: true });
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.bindQueue(queue, this.names.dead, group);
  }

  private shardQueueArguments(group: string): Record<string, unknown> {
    return {
      'x-queue-type': 'quorum',
      'x-single-active-consumer': true, // one member at a time per shard keeps each session in order
      'x-delivery-limit': this.settings.deliveryLimit, // a batch that keeps crashing its consumer stops blocking the shard
      'x-dead-letter-exchange': this.names.dead,
      'x-dead-letter-routing-key': group,
      'x-dead-letter-strategy': 'at-least-once', // the broker keeps a crash-looping batch until the dead queue has it
      'x-overflow': 'reject-publish', // required by at-least-once dead-lettering
    };
  }

  private async declareHashExchange(
    channel: Channel,
    name: string,
    options: { durable: boolean; autoDelete?: boolean } = { durable: true },
  ): Promise<void> {
    const type = this.settings.hashExchangeType ?? CONSISTENT_HASH_EXCHANGE;
    try {
      await channel.assertExchange(name, type, options);
    } catch (error) {
      // RabbitMQ answers an unknown type by closing the whole connection; the channel only learns it ended.
      const said = `${(error as Error).message}; ${this.connection.lastFailure ?? ''}`;
      if (!said.includes(`unknown exchange type '${type}'`)) throw error;
      throw new Error(
        `${this.connection.where} does not know the exchange type ${type}: enable the plugin with ` +
          `"rabbitmq-plugins enable ${CONSISTENT_HASH_PLUGIN}" (the broker said: ${this.connection.lastFailure})`,
      );
    }
  }
}
