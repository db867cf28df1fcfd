import { EmbeddedBus } from './embedded/embedded.bus';
import { KafkaBus } from './kafka/kafka.bus';
import { EventBus } from './port';
import { RabbitMqBus } from './rabbitmq/rabbitmq.bus';

export interface CreateBusOptions {
  // Prefix of every exchange, queue, topic and group, so deployments and test runs can share a broker.
  namespace?: string;
  // RabbitMQ: consumer groups whose queues exist from connect on, so nothing published before they subscribe is lost.
  groups?: string[];
}

// Groups that must not miss a batch even when they were never started yet: declared by every publisher. The embedded
// bus, which keeps nothing across a crash, also confirms a publish only once these groups have handled the batch.
export const DURABLE_GROUPS = ['projector'];

export const BUS_URL_FORMS =
  'memory://, amqp://user:password@host:5672 or kafka://host:9092[,host:9092...]';

export const SHARED_BUS_URL_FORMS =
  'amqp://user:password@host:5672 or kafka://host:9092[,host:9092...]';

// A service run as a process of its own meets the others only through a broker: memory:// would accept batches
// that nobody else ever reads. Checked before anything connects, so a typo leaves nothing half-started.
export function sharedBusUrl(value: string | undefined, setting = 'BACKTRACK_BUS'): string {
  if (!value || /^memory:/i.test(value))
    throw new Error(
      `${setting} must be the broker the services share, ${SHARED_BUS_URL_FORMS} (got ${value ? `"${value}"` : 'nothing'}); to run everything in one process, use \`backtrack-gateway start\` (npm start)`,
    );
  if (!/^(amqps?|kafka):\/\/./i.test(value))
    throw new Error(`${setting} must be ${SHARED_BUS_URL_FORMS} (got "${redact(value)}")`);
  return value;
}

// One setting (e.g. BACKTRACK_BUS) chooses the broker for every service.
export async function createBus(url: string, options: CreateBusOptions = {}): Promise<EventBus> {
  const scheme = url === 'memory' ? 'memory' : /^([a-z]+):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'memory':
      return new EmbeddedBus();
    case 'amqp':
    case 'amqps':
      return RabbitMqBus.connect({ url, groups: DURABLE_GROUPS, ...options });
    case 'kafka':
      return KafkaBus.connect({
        brokers: kafkaBrokers(url),
        ...(options.namespace ? { namespace: options.namespace } : {}),
      });
    default:
      throw new Error(`unsupported bus URL "${redact(url)}": use ${BUS_URL_FORMS}`);
  }
}

function kafkaBrokers(url: string): string[] {
  const brokers = url
    .replace(/^kafka:\/\//i, '')
    .replace(/\/$/, '')
    .split(',');
  for (const broker of brokers) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(broker)) {
      throw new Error(
        `bus URL "${redact(url)}": broker "${broker}" is not host:port (use kafka://host:9092[,host:9092...])`,
      );
    }
  }
  return brokers;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
