import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Channel, ChannelModel, connect } from 'amqplib';
import { testServices } from '@backtrack/testing';

const run = promisify(execFile);

async function rabbitmqctl(...args: string[]): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args]);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}

// The real broker as tests need it: raw channels for fixtures, forced disconnects, and cleanup of test namespaces.
export class RabbitMqTestBroker {
  private readonly namespaces = new Set<string>();
  private model: ChannelModel | undefined;

  // Remembers a namespace so deleteClaimed() removes its queues and exchanges.
  claim(namespace: string): string {
    this.namespaces.add(namespace);
    return namespace;
  }

  async channel(): Promise<Channel> {
    this.model ??= await connect(testServices.amqpUrl);
    const channel = await this.model.createChannel();
    channel.on('error', () => undefined); // a failed call rejects on its own
    return channel;
  }

  // What a broker restart or a network cut looks like to the client: the broker closes the connection.
  async dropConnection(connectionName: string): Promise<void> {
    const lines = await rabbitmqctl(
      'list_connections',
      'pid',
      'client_properties',
      '--no-table-headers',
    );
    const line = lines.find((l) => l.includes(`{"connection_name","${connectionName}"}`));
    if (!line) throw new Error(`no RabbitMQ connection named ${connectionName}`);
    await rabbitmqctl('close_connection', line.split('\t')[0]!, 'dropped by a test');
  }

  // With the shard queues' reject-publish overflow, RabbitMQ then nacks publishes into a queue that holds a message.
  // (A quorum queue checks the limit before it adds: max-length 0 still takes one message.)
  async limitQueuesToOneMessage(namespace: string): Promise<() => Promise<void>> {
    const policy = `${namespace}-full`;
    const pattern = `^${namespace.replace(/[.-]/g, '\\$&')}\\.`;
    await rabbitmqctl('set_policy', policy, pattern, '{"max-length":0}', '--apply-to', 'queues');
    return async () => void (await rabbitmqctl('clear_policy', policy));
  }

  // Queues and exchanges whose names start with `prefix`, with what the broker says of them.
  async queuesNamed(prefix: string): Promise<Array<Record<string, string>>> {
    const columns = ['name', 'durable', 'auto_delete', 'exclusive', 'type'];
    const lines = await rabbitmqctl('list_queues', ...columns, '--no-table-headers');
    return lines
      .map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i]!, v])))
      .filter((queue) => queue['name']!.startsWith(prefix));
  }

  async exchangesNamed(prefix: string): Promise<Array<Record<string, string>>> {
    const columns = ['name', 'type', 'durable', 'auto_delete'];
    const lines = await rabbitmqctl('list_exchanges', ...columns, '--no-table-headers');
    return lines
      .map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i]!, v])))
      .filter((exchange) => exchange['name']!.startsWith(prefix));
  }

  async deleteClaimed(): Promise<void> {
    const prefixes = [...this.namespaces].map((namespace) => `${namespace}.`);
    const ours = (name: string) => prefixes.some((prefix) => name.startsWith(prefix));
    const queues = (await rabbitmqctl('list_queues', 'name', '--no-table-headers')).filter(ours);
    const exchanges = (await rabbitmqctl('list_exchanges', 'name', '--no-table-headers')).filter(
      ours,
    );
    const channel = await this.channel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await this.model?.close();
    this.model = undefined;
  }
}
