import { testServices, uniqueName } from '@backtrack/testing';
import { RabbitMqBus, RabbitMqBusOptions } from '../src';
import { BusTestContext } from './bus-test-context';
import { RabbitMqTestBroker } from './rabbitmq-test-broker';

// The contract's world plus what only RabbitMQ has: a named connection to drop, the adapter's log, tuned limits.
export class RabbitMqTestContext extends BusTestContext {
  readonly logs: string[];
  readonly connectionName: string;

  constructor(
    readonly broker: RabbitMqTestBroker,
    overrides: Partial<RabbitMqBusOptions> = {},
  ) {
    const logs: string[] = [];
    const connectionName = uniqueName('bt-bus-test');
    super((namespace) =>
      RabbitMqBus.connect({
        url: testServices.amqpUrl,
        namespace: broker.claim(namespace),
        connectionName,
        log: (message) => logs.push(message),
        ...overrides,
      }),
    );
    this.logs = logs;
    this.connectionName = connectionName;
  }

  dropConnection(): Promise<void> {
    return this.broker.dropConnection(this.connectionName);
  }
}
