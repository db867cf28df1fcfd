import { Kafka, logCreator, logLevel, RetryOptions } from 'kafkajs';

// Group churn and leadership settling on a new topic, both retried; anything else at WARN or above is worth a line.
const ROUTINE_MESSAGES = [
  'The group is rebalancing, re-joining',
  'Failed to send messages: This server is not the leader',
];

// kafkajs logs each error response of the broker; it retries those or hands them to the adapter, which reports them.
const isRoutine = (namespace: string, message: string) =>
  (namespace === 'Connection' && message.startsWith('Response ')) ||
  ROUTINE_MESSAGES.some((text) => message.startsWith(text));

const LEVEL_NAMES: Record<number, string> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

const quietLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (isRoutine(namespace, log.message)) return;
    process.stderr.write(
      `[kafkajs ${LEVEL_NAMES[level] ?? level}] ${namespace}: ${log.message}${log['error'] ? ` (${String(log['error'])})` : ''}\n`,
    );
  };

// Short back-offs: a restarted local broker is back in seconds, and waiting 30 s between tries (the default) helps nobody.
export const CLIENT_RETRY: RetryOptions = {
  initialRetryTime: 100,
  maxRetryTime: 2_000,
  retries: 8,
};

export function createKafkaClient(brokers: string[], clientId: string): Kafka {
  return new Kafka({
    brokers,
    clientId,
    logLevel: logLevel.WARN,
    logCreator: quietLogCreator,
    retry: CLIENT_RETRY,
  });
}
