import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { KafkaBus } from '@backtrack/bus';
import { expectEventually, testServices, uniqueName } from '@backtrack/testing';

const run = promisify(execFile);

export type BusName = 'RabbitMQ' | 'Kafka';

// The shared broker, seen by one test run: a namespace of its own (on RabbitMQ also a vhost), removed at the end.
export class BusUnderTest {
  readonly namespace = uniqueName('bt-e2e');
  private vhost: string | undefined;

  private constructor(
    readonly name: BusName,
    readonly url: string,
  ) {}

  static async open(name: BusName, brokerUrl: string): Promise<BusUnderTest> {
    if (name === 'Kafka') return new BusUnderTest(name, brokerUrl);
    const vhost = uniqueName('bt-e2e');
    await rabbitmqctl('add_vhost', vhost);
    await rabbitmqctl('set_permissions', '-p', vhost, amqpUser(brokerUrl), '.*', '.*', '.*');
    const url = new URL(brokerUrl);
    url.pathname = `/${vhost}`;
    const bus = new BusUnderTest(name, url.toString());
    bus.vhost = vhost;
    return bus;
  }

  async remove(): Promise<void> {
    if (this.vhost) await rabbitmqctl('delete_vhost', this.vhost);
    else
      await KafkaBus.deleteNamespace({
        brokers: testServices.kafkaBrokers,
        namespace: this.namespace,
      });
  }
}

// RabbitMQ down, as after a crash or during an upgrade: the node stays, the broker application and its port go.
// Every test on this machine shares the broker, so whoever stops it must start it again, even when a test fails.
export const rabbitMq = {
  stopped: false,

  async stop(): Promise<void> {
    this.stopped = true;
    await rabbitmqctl('stop_app');
  },

  async start(): Promise<void> {
    await rabbitmqctl('start_app');
    await rabbitmqctl('await_startup');
    const { hostname, port } = new URL(testServices.amqpUrl);
    await expectEventually(() => portAccepts(hostname, Number(port || 5672)), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    this.stopped = false;
  },

  async ensureRunning(): Promise<void> {
    if (this.stopped) await this.start();
  },
};

async function rabbitmqctl(...args: string[]): Promise<string> {
  return (await run('rabbitmqctl', ['-q', ...args])).stdout;
}

function amqpUser(url: string): string {
  return decodeURIComponent(new URL(url).username) || 'guest';
}

function portAccepts(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
