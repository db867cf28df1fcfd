import { testServices } from '@backtrack/testing';
import { RabbitMqBus } from '../src';
import { describeBusContract } from './bus.contract';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';

const broker = new RabbitMqTestBroker();
afterAll(() => broker.deleteClaimed());

describeBusContract('rabbitmq', (namespace) =>
  RabbitMqBus.connect({ url: testServices.amqpUrl, namespace: broker.claim(namespace) }),
);
