import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { testServices } from '@backtrack/testing';

const run = promisify(execFile);

async function names(kind: 'queues' | 'exchanges'): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['-q', `list_${kind}`, 'name', '--no-table-headers']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

// Test namespaces on the shared broker, removed with their queues and exchanges when the suite ends.
// (libs/bus/test has the same helper; it belongs in @backtrack/testing, see the projector report.)
export class RabbitMqNamespaces {
  private readonly claimed = new Set<string>();

  claim(namespace: string): string {
    this.claimed.add(namespace);
    return namespace;
  }

  async deleteClaimed(): Promise<void> {
    const ours = (name: string) =>
      [...this.claimed].some((namespace) => name.startsWith(`${namespace}.`));
    const model = await connect(testServices.amqpUrl);
    try {
      const channel = await model.createChannel();
      for (const queue of (await names('queues')).filter(ours)) await channel.deleteQueue(queue);
      for (const exchange of (await names('exchanges')).filter(ours))
        await channel.deleteExchange(exchange);
    } finally {
      await model.close();
    }
  }
}
