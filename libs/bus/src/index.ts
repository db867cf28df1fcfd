export * from './port';
export * from './shard';
export * from './retry';
export * from './embedded/embedded.bus';
export * from './rabbitmq/rabbitmq.bus';
export * from './kafka/kafka.bus';
export * from './create-bus';
