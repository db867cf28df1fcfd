import { testServices } from '@backtrack/testing';
import { RabbitMqBus } from '../src';
import { describeBusContract } from './bus.contract';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';

const broker = new RabbitMqTestBroker();
afterAll(() => broker.deleteClaimed());

describeBusContract(
  'rabbitmq',
  (namespace) =>
    RabbitMqBus.connect({ url: testServices.amqpUrl, namespace: broker.claim(namespace) }),
  // A group's shard and dead-letter queues are `<ns>.<group>.*`, its hash exchange `<ns>.events.<group>`.
  async (namespace, group) => [
    ...(await broker.queuesNamed(`${namespace}.${group}.`)).map((queue) => queue['name']!),
    ...(await broker.exchangesNamed(`${namespace}.events.${group}`)).map((e) => e['name']!),
  ],
);
