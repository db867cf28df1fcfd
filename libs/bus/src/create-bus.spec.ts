import { uniqueName, testServices } from '@backtrack/testing';
import { createBus } from './create-bus';

describe('createBus', () => {
  it('make an in-process bus from memory:// (or just "memory")', async () => {
    for (const url of ['memory://', 'memory']) {
      const bus = await createBus(url);
      expect(bus.kind).toBe('embedded');
      await bus.close();
    }
  });

  it('connect to RabbitMQ from an amqp:// URL', async () => {
    const bus = await createBus(testServices.amqpUrl, { namespace: uniqueName('bt-create-bus') });
    expect(bus.kind).toBe('rabbitmq');
    await bus.close();
  });

  it('connect to Kafka from a kafka:// URL listing the brokers', async () => {
    const bus = await createBus(`kafka://${testServices.kafkaBrokers.join(',')}`, {
      namespace: uniqueName('bt-create-bus'),
    });
    expect(bus.kind).toBe('kafka');
    await bus.close();
  });

  it('refuse a URL it cannot serve, saying which forms it takes', async () => {
    await expect(createBus('redis://localhost:6379')).rejects.toThrow(
      'unsupported bus URL "redis://localhost:6379": use memory://, amqp://user:password@host:5672 or kafka://host:9092',
    );
    await expect(createBus('amqp-ish')).rejects.toThrow('unsupported bus URL "amqp-ish"');
    await expect(createBus('kafka://broker1:9092,broker2')).rejects.toThrow(
      'broker "broker2" is not host:port',
    );
  });

  it('never print the password of a URL it refuses', async () => {
    await expect(createBus('nats://user:secret@host:4222')).rejects.toThrow(
      'nats://user:***@host:4222',
    );
  });
});
