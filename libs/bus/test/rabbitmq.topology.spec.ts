import { BATCH_CONTENT_TYPE } from '@backtrack/events';
import { expectEventually, outputBatches, testServices, uniqueName } from '@backtrack/testing';
import { ConsumeMessage } from 'amqplib';
import { RabbitMqBus } from '../src';
import { AmqpConnection } from '../src/rabbitmq/connection';
import { Topology, TopologyNames } from '../src/rabbitmq/topology';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';
import { RabbitMqTestContext } from './rabbitmq-test-context';

const broker = new RabbitMqTestBroker();
afterAll(() => broker.deleteClaimed());

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
