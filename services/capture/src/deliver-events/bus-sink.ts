import { EventBus } from '@backtrack/bus';
import { EventSink } from './event-sink';

export type BusConnector = (url: string) => Promise<EventBus>;

// Publishes straight to a broker; connects on first use, and again after a failed connect.
export class BusSink implements EventSink {
  private bus: Promise<EventBus> | undefined;

  constructor(
    private readonly url: string,
    private readonly connect: BusConnector,
  ) {}

  get description(): string {
    return this.url.replace(/\/\/[^@/]*@/, '//');
  }

  async deliver(sessionId: string, body: Buffer): Promise<void> {
    const bus = await this.connected();
    await bus.publishEncoded(sessionId, body);
  }

  async close(): Promise<void> {
    const bus = this.bus;
    this.bus = undefined;
    if (bus) await bus.then((connected) => connected.close()).catch(() => undefined);
  }

  private connected(): Promise<EventBus> {
    if (!this.bus) {
      const connecting = this.connect(this.url);
      this.bus = connecting;
      connecting.catch(() => {
        if (this.bus === connecting) this.bus = undefined;
      });
    }
    return this.bus;
  }
}
