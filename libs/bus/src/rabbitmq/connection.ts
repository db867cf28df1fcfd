import { connect, ChannelModel } from 'amqplib';
import { reconnectDelayMs } from './backoff';
import { BusLog } from './rabbitmq.options';

export interface ConnectionSettings {
  url: string;
  connectionName: string;
  log: BusLog;
}

interface ReadyWaiter {
  resolve(model: ChannelModel): void;
  reject(error: Error): void;
}

// Keeps the password out of logs and error messages.
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

// Node reports a refused connection to a name with several addresses as an AggregateError without a message.
export function describeError(error: unknown): string {
  const e = error as Error & { code?: string; errors?: Error[] };
  return e.message || e.code || e.errors?.map(describeError).join('; ') || String(error);
}

// One AMQP connection that comes back by itself after the broker drops it (restart, forced close, network).
export class AmqpConnection {
  readonly where: string;
  // Why the broker last closed the connection: a failed declare only learns "channel ended" otherwise.
  lastFailure: string | undefined;
  private model: ChannelModel | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly waiters: ReadyWaiter[] = [];

  private constructor(private readonly settings: ConnectionSettings) {
    this.where = `RabbitMQ at ${redactUrl(settings.url)}`;
  }

  static async open(settings: ConnectionSettings): Promise<AmqpConnection> {
    const connection = new AmqpConnection(settings);
    connection.attach(await connection.dial());
    return connection;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // The live connection, waiting through a reconnect when one is under way.
  ready(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error(`the bus on ${this.where} is closed`));
    if (this.model) return Promise.resolve(this.model);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new Error(`the bus on ${this.where} is closed`));
    const model = this.model;
    this.model = undefined;
    await model?.close().catch(() => undefined);
  }

  private async dial(): Promise<ChannelModel> {
    try {
      // Nagle would hold each confirm ~40 ms waiting for more to send: latency, not throughput, is what it costs here.
      return await connect(this.settings.url, {
        clientProperties: { connection_name: this.settings.connectionName },
        noDelay: true,
      });
    } catch (error) {
      throw new Error(`cannot connect to ${this.where}: ${describeError(error)}`);
    }
  }

  private attach(model: ChannelModel): void {
    this.model = model;
    model.on('error', (error: Error) => (this.lastFailure = error.message));
    model.on('blocked', (reason: string) =>
      this.settings.log(`${this.where} blocks publishers: ${reason}`),
    );
    model.on('unblocked', () => this.settings.log(`${this.where} accepts publishers again`));
    model.on('close', (error?: Error) => this.lost(model, error));
    for (const waiter of this.waiters.splice(0)) waiter.resolve(model);
  }

  private lost(model: ChannelModel, error: Error | undefined): void {
    if (error) this.lastFailure = error.message;
    if (this.model !== model || this.closed) return;
    this.model = undefined;
    this.settings.log(
      `${this.where}: connection lost (${this.lastFailure ?? 'closed'}), reconnecting`,
    );
    this.scheduleReconnect(0);
  }

  private scheduleReconnect(attempt: number): void {
    this.reconnectTimer = setTimeout(() => void this.reconnect(attempt), reconnectDelayMs(attempt));
  }

  private async reconnect(attempt: number): Promise<void> {
    if (this.closed) return;
    let model: ChannelModel;
    try {
      model = await this.dial();
    } catch (error) {
      this.lastFailure = (error as Error).message;
      if ((attempt + 1) % 10 === 0)
        this.settings.log(`still reconnecting after ${attempt + 1} attempts: ${this.lastFailure}`);
      this.scheduleReconnect(attempt + 1);
      return;
    }
    if (this.closed) {
      await model.close().catch(() => undefined);
      return;
    }
    this.settings.log(`${this.where}: reconnected after ${attempt + 1} attempt(s)`);
    this.attach(model);
  }
}
