import { testServices } from '@backtrack/testing';
import { KafkaBus } from '../src';
import { describeBusContract } from './bus.contract';

const brokers = testServices.kafkaBrokers;
const namespaces = new Set<string>();

describeBusContract('kafka', (namespace) => {
  namespaces.add(namespace);
  return KafkaBus.connect({ brokers, namespace });
});

afterAll(async () => {
  for (const namespace of namespaces) await KafkaBus.deleteNamespace({ brokers, namespace });
});
