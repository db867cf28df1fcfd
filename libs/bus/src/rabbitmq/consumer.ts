// With single-active-consumer on RabbitMQ 3.10 the first member registered on a shard queue is its active consumer and
// later members are hot standbys that take over when it goes away: members of a group fail over, they do not split shards.
import { Channel, ConsumeMessage } from 'amqplib';
import { Subscription } from '../port';
import { AmqpConnection } from './connection';
import { closeQuietly, KeptChannel } from './kept-channel';
import { BusLog } from './rabbitmq.options';

// 'keep' leaves the message unsettled: the broker hands it out again once this channel closes.
export type Outcome = 'ack' | 'keep';

export interface QueueConsumerSpec {
  label: string;
  queues: string[];
  // Messages the member holds at once, split evenly over its queues (at least one each).
  prefetch: number;
  declare(channel: Channel): Promise<void>;
  handle(message: ConsumeMessage, isStopped: () => boolean): Promise<Outcome>;
  // Runs on the way out (close or abort), on the consumer's channel: an ephemeral subscriber deletes its queues.
  release?(channel: Channel): Promise<void>;
  log: BusLog;
}

interface Lane {
  // Received and not yet settled, oldest first; the head is the one being handled.
  backlog: ConsumeMessage[];
  draining: Promise<void> | undefined;
  halted: boolean;
}

// Everything received on one channel; a reconnect starts a new one, the old one can settle nothing.
interface Generation {
  channel: Channel;
  lanes: Lane[];
  consumerTags: string[];
  halted: boolean;
}

// Consumes several queues on one channel: queues are handled concurrently, each strictly one message at a time.
export class QueueConsumer implements Subscription {
  private generation: Generation | undefined;
  private closing: Promise<void> | undefined;
  private aborted = false;
  private readonly channel: KeptChannel<Channel>;

  private constructor(
    connection: AmqpConnection,
    private readonly spec: QueueConsumerSpec,
  ) {
    this.channel = new KeptChannel(connection, {
      label: spec.label,
      open: (model) => model.createChannel(),
      setup: (channel) => this.subscribe(channel),
      lost: (channel) => this.lost(channel),
      wanted: () => !this.stopping,
      log: spec.log,
    });
  }

  static async start(connection: AmqpConnection, spec: QueueConsumerSpec): Promise<QueueConsumer> {
    const consumer = new QueueConsumer(connection, spec);
    await consumer.channel.start();
    return consumer;
  }

  pending(): number {
    const generation = this.generation;
    if (!generation || generation.halted || this.aborted) return 0;
    return generation.lanes.reduce((sum, lane) => sum + lane.backlog.length, 0);
  }

  close(): Promise<void> {
    if (this.aborted) return Promise.resolve();
    this.closing ??= this.drainAndClose();
    return this.closing;
  }

  async abort(): Promise<void> {
    if (this.aborted) return;
    this.aborted = true;
    if (this.generation) this.generation.halted = true;
    await this.release();
    await this.channel.stop(); // closing without acks: RabbitMQ gives the unsettled messages to the standby member
  }

  private get stopping(): boolean {
    return this.closing !== undefined || this.aborted;
  }

  private async drainAndClose(): Promise<void> {
    const generation = this.generation;
    if (generation && !generation.halted) {
      await Promise.all(
        generation.consumerTags.map((tag) => generation.channel.cancel(tag).catch(() => undefined)),
      );
      await this.idle(generation); // what was already received is handled and acked, in order
    }
    await this.release();
    await this.channel.stop();
  }

  // Without an open channel there is nothing to do it on; exclusive queues then go with the connection.
  private async release(): Promise<void> {
    const channel = this.channel.current;
    if (!this.spec.release || !channel) return;
    await this.spec
      .release(channel)
      .catch((error: Error) => this.spec.log(`${this.spec.label}: ${error.message}`));
  }

  private async subscribe(channel: Channel): Promise<void> {
    if (this.stopping) throw new Error(`${this.spec.label} is closing`);
    const previous = this.generation;
    if (previous) await this.idle(previous); // its handlers finish before its messages come back, keeping order
    await this.spec.declare(channel);
    await channel.prefetch(
      Math.max(1, Math.floor(this.spec.prefetch / this.spec.queues.length)),
      false,
    );
    const generation: Generation = { channel, lanes: [], consumerTags: [], halted: false };
    this.generation = generation;
    try {
      for (const queue of this.spec.queues) await this.consume(generation, queue);
    } catch (error) {
      generation.halted = true; // the channel dies with this failure: what it delivered comes back on the next one
      throw error;
    }
  }

  private async consume(generation: Generation, queue: string): Promise<void> {
    const lane: Lane = { backlog: [], draining: undefined, halted: false };
    generation.lanes.push(lane);
    const { consumerTag } = await generation.channel.consume(
      queue,
      (message) => this.receive(generation, lane, message),
      { noAck: false },
    );
    generation.consumerTags.push(consumerTag);
  }

  private receive(generation: Generation, lane: Lane, message: ConsumeMessage | null): void {
    if (message === null) {
      if (this.stopping) return; // we deleted our own (ephemeral) queue on the way out
      // The broker cancelled us (queue deleted or moved): reopening declares and subscribes again.
      this.spec.log(`${this.spec.label}: consumer cancelled by the broker, resubscribing`);
      void closeQuietly(generation.channel);
      return;
    }
    lane.backlog.push(message);
    if (!lane.draining)
      lane.draining = this.drain(generation, lane).finally(() => (lane.draining = undefined));
  }

  private async drain(generation: Generation, lane: Lane): Promise<void> {
    while (lane.backlog.length > 0 && !lane.halted && !generation.halted) {
      const message = lane.backlog[0]!;
      const outcome = await this.handle(generation, message);
      if (generation.halted) return; // the channel is gone: the broker redelivers, nothing here can settle
      if (outcome === 'keep' || !this.ack(generation, message)) {
        lane.halted = true; // later messages must not overtake the one left unsettled
        return;
      }
      lane.backlog.shift();
    }
  }

  private ack(generation: Generation, message: ConsumeMessage): boolean {
    try {
      generation.channel.ack(message);
      return true;
    } catch {
      return false; // the channel closed under us; its 'close' brings the message back
    }
  }

  private async handle(generation: Generation, message: ConsumeMessage): Promise<Outcome> {
    try {
      return await this.spec.handle(message, () => generation.halted || this.stopping);
    } catch (error) {
      // For example the dead-letter publish timed out: hand everything back by recycling the channel.
      this.spec.log(`${this.spec.label}: ${(error as Error).message}; the broker will redeliver`);
      if (!this.stopping) void closeQuietly(generation.channel);
      return 'keep';
    }
  }

  private async lost(channel: Channel): Promise<void> {
    if (this.generation?.channel === channel) this.generation.halted = true;
  }

  private async idle(generation: Generation): Promise<void> {
    for (;;) {
      const running = generation.lanes
        .map((lane) => lane.draining)
        .filter((draining) => draining !== undefined);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }
}
