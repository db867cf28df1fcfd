import { BATCH_CONTENT_TYPE } from '@backtrack/events';
import {
  expectEventually,
  outputBatches,
  serviceEnv,
  ServiceProcess,
  testServices,
  uniqueName,
} from '@backtrack/testing';
import { ConsumeMessage } from 'amqplib';
import { join } from 'node:path';
import { RabbitMqBus } from '../src';
import { AmqpConnection } from '../src/rabbitmq/connection';
import { Topology, TopologyNames } from '../src/rabbitmq/topology';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';
import { RabbitMqTestContext } from './rabbitmq-test-context';

const broker = new RabbitMqTestBroker();
const children: ServiceProcess[] = [];
afterAll(async () => {
  await Promise.all(children.map((child) => child.kill('SIGKILL')));
  await broker.deleteClaimed();
});

describe('rabbitmq bus topology', () => {
  let ctx: RabbitMqTestContext;

  afterEach(async () => {
    await ctx?.dispose();
  });

  it('publishes persistent batches with their content type and session header into the group shard queues', async () => {
    ctx = new RabbitMqTestContext(broker, { shards: 2, groups: ['projector'] });
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1);
    await bus.publish(batch!);

    const names = new TopologyNames(ctx.namespace);
    const channel = await broker.channel();
    const found: ConsumeMessage[] = [];
    for (const queue of names.shardQueues('projector', 2))
      await channel.consume(queue, (m) => void (m && found.push(m)), { noAck: true });
    await expectEventually(() => expect(found).toHaveLength(1));
    const [message] = found;
    expect(message!.fields.routingKey).toBe(batch!.sessionId);
    expect(message!.properties).toMatchObject({
      deliveryMode: 2,
      contentType: BATCH_CONTENT_TYPE,
      headers: { 'x-session-id': batch!.sessionId },
    });
    await channel.close();
  });

  it('says to enable the consistent-hash plugin when RabbitMQ does not know the exchange type', async () => {
    ctx = new RabbitMqTestContext(broker);
    const connection = await AmqpConnection.open({
      url: testServices.amqpUrl,
      connectionName: ctx.connectionName,
      log: () => undefined,
    });
    // The broker answers a type it does not know exactly as one without the plugin answers x-consistent-hash.
    const topology = new Topology(broker.claim(ctx.namespace), connection, {
      shards: 1,
      deliveryLimit: 3,
      hashExchangeType: 'x-not-installed',
    });
    const channel = await (await connection.ready()).createChannel();
    channel.on('error', () => undefined);

    await expect(topology.declareGroup(channel, 'projector')).rejects.toThrow(
      /^RabbitMQ at amqp:\/\/guest:\*\*\*@.* does not know the exchange type x-not-installed: enable the plugin with "rabbitmq-plugins enable rabbitmq_consistent_hash_exchange"/,
    );
    await connection.close();
  });

  it('names the broker, without its password, when it cannot connect', async () => {
    ctx = new RabbitMqTestContext(broker);
    await expect(
      RabbitMqBus.connect({ url: 'amqp://guest:secret@127.0.0.1:1', namespace: ctx.namespace }),
    ).rejects.toThrow(
      /^cannot connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });

  it('gives an ephemeral subscriber exclusive classic shard queues that are gone once it closes or crashes', async () => {
    ctx = new RabbitMqTestContext(broker, { shards: 2 });
    const bus = await ctx.bus();
    const prefix = `${ctx.namespace}.ephemeral.replay.`;
    const closing = await ctx.consume(bus, { group: 'replay', ephemeral: true });
    const crashing = await ctx.consume(bus, { group: 'replay', ephemeral: true });

    const queues = await broker.queuesNamed(prefix);
    expect(queues).toHaveLength(4);
    for (const queue of queues)
      expect(queue).toMatchObject({ durable: 'false', exclusive: 'true', type: 'classic' });
    const exchanges = await broker.exchangesNamed(prefix);
    expect(exchanges).toHaveLength(2);
    for (const exchange of exchanges)
      expect(exchange).toMatchObject({
        type: 'x-consistent-hash',
        durable: 'false',
        auto_delete: 'true',
      });

    await closing.subscription.close();
    await crashing.subscription.abort();

    expect(await broker.queuesNamed(prefix)).toEqual([]);
    expect(await broker.exchangesNamed(prefix)).toEqual([]);
  });

  it('leaves nothing of an ephemeral subscriber behind when its process dies', async () => {
    ctx = new RabbitMqTestContext(broker);
    const prefix = `${broker.claim(ctx.namespace)}.ephemeral.replay.`;
    const subscriber = await startEphemeralSubscriber(ctx.namespace);
    expect(await broker.queuesNamed(prefix)).toHaveLength(2);

    await subscriber.kill('SIGKILL'); // no close, no word to the broker: only its connection drops

    const slowly = { intervalMs: 250 }; // each look is a rabbitmqctl run
    await expectEventually(
      async () => expect(await broker.queuesNamed(prefix)).toEqual([]),
      slowly,
    );
    await expectEventually(
      async () => expect(await broker.exchangesNamed(prefix)).toEqual([]),
      slowly,
    );
  });

  it('keeps batches published before the first subscriber of a group declared at connect', async () => {
    ctx = new RabbitMqTestContext(broker, { groups: ['projector'] });
    const bus = await ctx.bus();
    const [batch] = outputBatches(uniqueName('s'), 1);
    await bus.publish(batch!);
    const { received } = await ctx.consume(bus, { group: 'projector' });
    await expectEventually(() =>
      expect(received).toEqual([{ sessionId: batch!.sessionId, seqs: [1, 2, 3], attempt: 1 }]),
    );
  });
});

// test/fixtures/ephemeral-subscriber.ts in a process of its own, once it has subscribed.
async function startEphemeralSubscriber(namespace: string): Promise<ServiceProcess> {
  const fixture = join(__dirname, 'fixtures', 'ephemeral-subscriber.ts');
  const argv = [process.execPath, '-r', require.resolve('@swc-node/register'), fixture];
  const child = await ServiceProcess.start(
    [...argv, testServices.amqpUrl, namespace],
    serviceEnv(),
    'subscribed',
  );
  children.push(child);
  return child;
}
