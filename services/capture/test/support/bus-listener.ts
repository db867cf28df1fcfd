import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { createBus, EventBus, Subscription } from '@backtrack/bus';
import { AnyEvent } from '@backtrack/events';
import { testServices, uniqueName } from '@backtrack/testing';

const run = promisify(execFile);

// Subscribes to a namespace of its own on the real RabbitMQ and keeps every event that arrives, duplicates included.
export class BusListener {
  private constructor(
    readonly namespace: string,
    readonly received: AnyEvent[],
    private readonly bus: EventBus,
    private readonly subscription: Subscription,
  ) {}

  static async start(prefix: string): Promise<BusListener> {
    const namespace = uniqueName(prefix);
    const bus = await createBus(testServices.amqpUrl, { namespace });
    const received: AnyEvent[] = [];
    const subscription = await bus.subscribe({ group: 'capture-spec' }, async ({ batch }) => {
      received.push(...batch.events);
    });
    return new BusListener(namespace, received, bus, subscription);
  }

  of(sessionId: string): AnyEvent[] {
    return this.received.filter((event) => event.sessionId === sessionId);
  }

  // Closes the connection and deletes the namespace's queues and exchanges from the shared broker.
  async close(): Promise<void> {
    await this.subscription.close();
    await this.bus.close();
    const ours = (name: string) => name.startsWith(`${this.namespace}.`);
    const list = async (what: string) =>
      (await run('rabbitmqctl', ['-q', what, 'name', '--no-table-headers'])).stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(ours);
    const queues = await list('list_queues');
    const exchanges = await list('list_exchanges');
    const model = await connect(testServices.amqpUrl);
    const channel = await model.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await model.close();
  }
}
