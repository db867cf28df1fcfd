import { KafkaBus } from '@backtrack/bus';
import { testServices } from '@backtrack/testing';
import { RabbitMqNamespaces } from '../test/rabbitmq-namespaces';

export interface Broker {
  name: string;
  url: string;
  // Picks the broker's server process out of /proc, to tell its CPU time.
  commandLineMarker: string;
  deleteNamespace(namespace: string): Promise<void>;
}

export const BROKERS: Record<string, Broker> = {
  rabbitmq: {
    name: 'RabbitMQ',
    url: testServices.amqpUrl,
    commandLineMarker: 'beam.smp',
    deleteNamespace: async (namespace) => {
      const namespaces = new RabbitMqNamespaces();
      namespaces.claim(namespace);
      await namespaces.deleteClaimed();
    },
  },
  kafka: {
    name: 'Kafka',
    url: `kafka://${testServices.kafkaBrokers.join(',')}`,
    commandLineMarker: 'kafka.Kafka',
    deleteNamespace: (namespace) =>
      KafkaBus.deleteNamespace({ brokers: testServices.kafkaBrokers, namespace }),
  },
};
