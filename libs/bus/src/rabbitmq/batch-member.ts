import { ConsumeMessage } from 'amqplib';
import { BatchHandler, DEFAULT_MAX_ATTEMPTS } from '../port';
import { handleWithRetries } from '../retry';
import { Outcome } from './consumer';
import { sendToDeadLetters } from './dead-letters';
import { ConfirmPublisher } from './publisher';
import { TopologyNames } from './topology';

// Quorum queues count redeliveries (crashes, lost connections) in x-delivery-count; the classic queues of an
// ephemeral subscriber only say whether a message was delivered before.
export function attemptOf(message: ConsumeMessage): number {
  const count = message.properties.headers?.['x-delivery-count'];
  if (typeof count === 'number') return count + 1;
  return message.fields.redelivered ? 2 : 1;
}

// Runs the group's handler on one shard message: ack on success, dead-letter (confirmed, then ack) when it is poison.
export function handleBatchMessage(
  group: string,
  handler: BatchHandler,
  maxAttempts: number | undefined,
  publisher: ConfirmPublisher,
  names: TopologyNames,
) {
  return async (message: ConsumeMessage, isStopped: () => boolean): Promise<Outcome> => {
    const settlement = await handleWithRetries(message.content, handler, {
      maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      firstAttempt: attemptOf(message),
      isStopped,
    });
    if (settlement.kind === 'stopped') return 'keep';
    if (settlement.kind === 'dead')
      await sendToDeadLetters(publisher, names, group, message, settlement.reason);
    return 'ack';
  };
}
