import { AnyEvent } from '@backtrack/events';
import { PendingBatch } from '../deliver-events/batch-sender';
import { EventBatcher } from '../deliver-events/event-batcher';
import { GatewayClient } from '../gateway-client/gateway-client';

// Sends a whole session through ingest, batch after batch in seq order, cut by the recorder's own batcher.
export async function sendInBatches(
  client: GatewayClient,
  sessionId: string,
  events: AnyEvent[],
  onSent: (sent: number) => void = () => undefined,
): Promise<void> {
  const batches: PendingBatch[] = [];
  const batcher = new EventBatcher(sessionId, (batch) => batches.push(batch));
  for (const event of events) batcher.add(event);
  batcher.flush();
  let sent = 0;
  for (const batch of batches) {
    try {
      await client.ingest(batch.body);
    } catch (error) {
      throw new Error(
        `${(error as Error).message} (after ${sent} of ${events.length} events: session ${sessionId} is incomplete; import the file again for a complete copy)`,
      );
    }
    sent += batch.events;
    onSent(sent);
  }
}
