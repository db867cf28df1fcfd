import { testServices } from '@backtrack/testing';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { KafkaBus } from '../src';
import { describeBusContract } from './bus.contract';

const brokers = testServices.kafkaBrokers;
const namespaces = new Set<string>();
let admin: Promise<Admin> | undefined;

async function connectAdmin(): Promise<Admin> {
  const client = new Kafka({
    brokers,
    clientId: 'bus-contract',
    logLevel: logLevel.NOTHING,
  }).admin();
  await client.connect();
  return client;
}

describeBusContract(
  'kafka',
  (namespace) => {
    namespaces.add(namespace);
    return KafkaBus.connect({ brokers, namespace });
  },
  // The consumer groups the broker lists for the group: its own and its dead-letter reader.
  async (namespace, group) => {
    admin ??= connectAdmin();
    const { groups } = await (await admin).listGroups();
    return groups
      .map(({ groupId }) => groupId)
      .filter((id) => id === `${namespace}.${group}` || id.startsWith(`${namespace}.${group}.`));
  },
);

afterAll(async () => {
  await (await admin)?.disconnect();
  for (const namespace of namespaces) await KafkaBus.deleteNamespace({ brokers, namespace });
});
