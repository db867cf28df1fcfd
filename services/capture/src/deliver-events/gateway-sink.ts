import { setTimeout as delay } from 'node:timers/promises';
import { GatewayClient } from '../gateway-client/gateway-client';
import { EventSink } from './event-sink';

export class GatewaySink implements EventSink {
  private readonly client: GatewayClient;

  constructor(
    readonly server: string,
    token: string | undefined,
  ) {
    this.client = new GatewayClient(server, token);
  }

  get description(): string {
    return this.server;
  }

  // The user the token belongs to, or undefined when the gateway does not answer in time.
  async accountName(timeoutMs: number): Promise<string | undefined> {
    const timeout = delay(timeoutMs, undefined, { ref: false });
    const me = this.client.get<{ user: string }>('/api/v1/me').then(
      (answer) => answer.user,
      () => undefined,
    );
    return Promise.race([me, timeout]);
  }

  deliver(_sessionId: string, body: Buffer): Promise<void> {
    return this.client.ingest(body);
  }

  async close(): Promise<void> {}
}
