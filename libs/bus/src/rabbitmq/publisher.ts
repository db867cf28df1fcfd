import { ConfirmChannel, Options } from 'amqplib';
import { AmqpConnection } from './connection';
import { KeptChannel } from './kept-channel';
import { BusLog } from './rabbitmq.options';
import { Topology } from './topology';

interface Outgoing {
  exchange: string;
  routingKey: string;
  body: Buffer;
  options: Options.Publish;
  settle(error?: Error): void;
}

// amqplib's words for a basic.nack, as opposed to a channel that closed under unconfirmed messages.
const NACKED = 'message nacked';
const NACK_RETRY_MS = 100;

// Many publishes in flight on one confirm channel; each resolves only on the broker's confirm. Writes stop while the
// socket is full ('drain'), and callers wait for their confirms, so nothing buffers without bound.
export class ConfirmPublisher {
  // In publish order: after a reconnect everything unconfirmed is sent again in that order (at-least-once).
  private readonly unconfirmed = new Set<Outgoing>();
  private unsent: Outgoing[] = [];
  private writable = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly channel: KeptChannel<ConfirmChannel>;

  constructor(
    private readonly connection: AmqpConnection,
    topology: Topology,
    private readonly timeoutMs: number,
    log: BusLog,
  ) {
    this.channel = new KeptChannel(connection, {
      label: 'publisher',
      open: (model) => model.createConfirmChannel(),
      setup: async (channel) => {
        await topology.declarePublishing(channel);
        channel.on('drain', () => this.drained(channel));
      },
      opened: () => this.resendUnconfirmed(),
      log,
    });
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    if (this.closed)
      return Promise.reject(new Error(`the bus on ${this.connection.where} is closed`));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => item.settle(this.timeoutError(exchange)), this.timeoutMs);
      const item: Outgoing = {
        exchange,
        routingKey,
        body,
        options,
        settle: (error) => {
          if (!this.unconfirmed.delete(item)) return;
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
          if (this.unconfirmed.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        },
      };
      this.unconfirmed.add(item);
      this.unsent.push(item);
      this.flush();
    });
  }

  // Waits for the confirms still outstanding (each bounded by the publish timeout), then closes the channel.
  async close(): Promise<void> {
    this.closed = true;
    if (this.unconfirmed.size > 0)
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.channel.stop();
  }

  private flush(): void {
    const channel = this.channel.current;
    while (channel && this.writable && this.unsent.length > 0) {
      const item = this.unsent.shift()!;
      if (this.unconfirmed.has(item)) this.send(channel, item);
    }
  }

  private send(channel: ConfirmChannel, item: Outgoing): void {
    try {
      this.writable = channel.publish(
        item.exchange,
        item.routingKey,
        item.body,
        item.options,
        (error: Error | null) => this.confirmed(channel, item, error),
      );
    } catch {
      this.writable = false; // the channel is closing: its unconfirmed messages go out again on the next one
    }
  }

  private confirmed(channel: ConfirmChannel, item: Outgoing, error: Error | null): void {
    if (!error) return item.settle();
    if (error.message !== NACKED || channel !== this.channel.current) return; // a new channel resends it
    // The broker could not store it (e.g. a full queue rejecting publishes): try again until the publish times out.
    setTimeout(() => {
      this.unsent.push(item);
      this.flush();
    }, NACK_RETRY_MS);
  }

  private drained(channel: ConfirmChannel): void {
    if (channel !== this.channel.current) return;
    this.writable = true;
    this.flush();
  }

  private resendUnconfirmed(): void {
    this.writable = true;
    this.unsent = [...this.unconfirmed];
    this.flush();
  }

  private timeoutError(exchange: string): Error {
    const why = this.connection.lastFailure
      ? ` (last failure: ${this.connection.lastFailure})`
      : '';
    return new Error(
      `${this.connection.where} did not confirm a publish to ${exchange} within ${this.timeoutMs} ms${why}`,
    );
  }
}
