import { Channel, ChannelModel } from 'amqplib';
import { reconnectDelayMs, sleep } from './backoff';
import { AmqpConnection } from './connection';
import { BusLog } from './rabbitmq.options';

export interface KeptChannelSpec<C extends Channel> {
  label: string;
  open(model: ChannelModel): Promise<C>;
  // Declares and subscribes on a fresh channel; runs again after every reconnect.
  setup(channel: C): Promise<void>;
  opened?(channel: C): void;
  // Runs when the channel is lost, before any reopening.
  lost?(channel: C): Promise<void>;
  // False once the owner is shutting down: a lost channel is then left closed.
  wanted?(): boolean;
  log: BusLog;
}

export async function closeQuietly(channel: Channel): Promise<void> {
  await channel.close().catch(() => undefined);
}

// One channel kept open across broker restarts: reopened with capped backoff, set up anew each time.
export class KeptChannel<C extends Channel> {
  private channel: C | undefined;
  private stopped = false;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly spec: KeptChannelSpec<C>,
  ) {}

  get current(): C | undefined {
    return this.channel;
  }

  // The first open tells the caller why it failed (missing plugin, clashing queue arguments); later ones retry.
  async start(): Promise<void> {
    await this.openOnce();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await closeQuietly(channel);
  }

  private wanted(): boolean {
    return !this.stopped && !this.connection.isClosed && (this.spec.wanted?.() ?? true);
  }

  private async openOnce(): Promise<void> {
    const model = await this.connection.ready();
    const channel = await this.spec.open(model);
    // The 'close' that follows an 'error' does the recovery; without a listener an 'error' would crash the process.
    channel.on('error', (error: Error) => this.spec.log(`${this.spec.label}: ${error.message}`));
    channel.on('close', () => void this.reopen(channel));
    try {
      await this.spec.setup(channel);
    } catch (error) {
      await closeQuietly(channel);
      throw error;
    }
    if (this.stopped) {
      await closeQuietly(channel);
      return;
    }
    this.channel = channel;
    this.spec.opened?.(channel);
  }

  private async reopen(lostChannel: C): Promise<void> {
    if (lostChannel !== this.channel) return;
    this.channel = undefined;
    await this.spec.lost?.(lostChannel);
    for (let attempt = 0; this.wanted(); attempt++) {
      try {
        await this.openOnce();
        return;
      } catch (error) {
        if (!this.wanted()) return;
        if (attempt % 10 === 0)
          this.spec.log(
            `${this.spec.label}: cannot reopen channel yet: ${(error as Error).message}`,
          );
        await sleep(reconnectDelayMs(attempt));
      }
    }
  }
}
