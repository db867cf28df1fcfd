export type BusLog = (message: string) => void;

export interface RabbitMqBusOptions {
  url: string;
  // Prefix of every exchange and queue, so several deployments (or test runs) share one broker (default 'backtrack').
  namespace?: string;
  // Shard queues per consumer group: how many sessions a group handles concurrently (default 8).
  shards?: number;
  // Redeliveries RabbitMQ allows before it dead-letters a batch whose consumer keeps crashing (default 10).
  deliveryLimit?: number;
  // How long a publish may wait for its confirm, reconnects included, before it fails (default 60 s).
  publishTimeoutMs?: number;
  // Consumer groups whose queues are declared at connect, so batches published before their first subscriber are kept.
  groups?: string[];
  // Shown by `rabbitmqctl list_connections client_properties`: tells which process holds a connection.
  connectionName?: string;
  log?: BusLog;
}

export type RabbitMqBusSettings = Required<RabbitMqBusOptions>;

// Exchange and queue names are built from these, and AMQP caps a name at 255 bytes.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function assertName(what: string, value: string): void {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new Error(
      `${what} ${JSON.stringify(value)} must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

export function assertPositiveInteger(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${what} must be a positive integer, got ${String(value)}`);
}

export function resolveOptions(options: RabbitMqBusOptions): RabbitMqBusSettings {
  if (typeof options.url !== 'string' || !/^amqps?:\/\//.test(options.url)) {
    throw new Error(
      `RabbitMQ url must start with amqp:// or amqps://, got ${JSON.stringify(options.url)}`,
    );
  }
  const settings: RabbitMqBusSettings = {
    url: options.url,
    namespace: options.namespace ?? 'backtrack',
    shards: options.shards ?? 8,
    deliveryLimit: options.deliveryLimit ?? 10,
    publishTimeoutMs: options.publishTimeoutMs ?? 60_000,
    groups: options.groups ?? [],
    connectionName: options.connectionName ?? `backtrack-bus-${process.pid}`,
    log: options.log ?? ((message) => console.warn(`[bus:rabbitmq] ${message}`)),
  };
  assertName('namespace', settings.namespace);
  assertPositiveInteger('shards', settings.shards);
  assertPositiveInteger('deliveryLimit', settings.deliveryLimit);
  assertPositiveInteger('publishTimeoutMs', settings.publishTimeoutMs);
  for (const group of settings.groups) assertName('consumer group', group);
  return settings;
}
