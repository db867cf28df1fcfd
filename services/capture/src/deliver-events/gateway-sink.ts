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

  deliver(_sessionId: string, body: Buffer): Promise<void> {
    return this.client.ingest(body);
  }

  async close(): Promise<void> {}
}
