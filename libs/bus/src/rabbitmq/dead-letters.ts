import { ConsumeMessage, MessagePropertyHeaders } from 'amqplib';
import { DeadLetter, DeadLetterHandler } from '../port';
import { reconnectDelayMs, sleep } from './backoff';
import { Outcome } from './consumer';
import { ConfirmPublisher } from './publisher';
import { TopologyNames } from './topology';

export const DELIVERY_LIMIT_REASON = 'delivery limit reached (x-death)';

interface DeathRecord {
  reason?: string;
  time?: { value?: number } | number;
}

// Publishes a batch the group gave up on to its dead-letter queue; the caller acks the original only after this.
export async function sendToDeadLetters(
  publisher: ConfirmPublisher,
  names: TopologyNames,
  group: string,
  message: ConsumeMessage,
  reason: string,
): Promise<void> {
  await publisher.publish(names.dead, group, message.content, {
    persistent: true,
    contentType: message.properties.contentType,
    timestamp: Math.floor(Date.now() / 1000),
    headers: { 'x-reason': reason, 'x-group': group, 'x-session-id': sessionIdOf(message) },
  });
}

// Letters come from two places: our own (x-reason) and RabbitMQ's delivery limit for crash loops (x-death).
export function toDeadLetter(group: string, message: ConsumeMessage): DeadLetter {
  const headers: MessagePropertyHeaders = message.properties.headers ?? {};
  const death = (headers['x-death'] as DeathRecord[] | undefined)?.[0];
  const reason = typeof headers['x-reason'] === 'string' ? headers['x-reason'] : deathReason(death);
  return {
    group: typeof headers['x-group'] === 'string' ? headers['x-group'] : group,
    sessionId: sessionIdOf(message),
    reason,
    body: message.content,
    at: deadAt(message, death),
  };
}

// A failing letter handler is retried in place (letters are the last stop: there is nowhere further to send them).
export function deliverDeadLetter(
  group: string,
  handler: DeadLetterHandler,
  log: (message: string) => void,
) {
  return async (message: ConsumeMessage, isStopped: () => boolean): Promise<Outcome> => {
    const letter = toDeadLetter(group, message);
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(letter);
        return 'ack';
      } catch (error) {
        if (attempt === 0)
          log(`dead-letter handler of ${group} failed, retrying: ${(error as Error).message}`);
        if (isStopped()) return 'keep';
        await sleep(reconnectDelayMs(attempt));
      }
    }
  };
}

function sessionIdOf(message: ConsumeMessage): string | undefined {
  const header = message.properties.headers?.['x-session-id'];
  return typeof header === 'string' ? header : undefined;
}

function deathReason(death: DeathRecord | undefined): string {
  if (!death?.reason) return 'dead-lettered by RabbitMQ without a reason';
  return death.reason === 'delivery_limit' ? DELIVERY_LIMIT_REASON : `${death.reason} (x-death)`;
}

// AMQP timestamps are whole seconds.
function deadAt(message: ConsumeMessage, death: DeathRecord | undefined): number {
  const seconds =
    typeof death?.time === 'number'
      ? death.time
      : (death?.time?.value ?? message.properties.timestamp);
  return typeof seconds === 'number' ? seconds * 1000 : Date.now();
}
