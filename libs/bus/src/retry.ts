import { DecodedBatch, decodeBatch } from '@backtrack/events';
import { BatchHandler, DEFAULT_MAX_ATTEMPTS } from './port';

export type Settlement = { kind: 'ack' } | { kind: 'dead'; reason: string };

const backoffMs = (attempt: number) => Math.min(25 * 2 ** (attempt - 1), 1000);

// Shared by every adapter: decode, run the handler with retries in place (keeping the session's order),
// and say whether to ack or dead-letter. A handler that fails maxAttempts times is poison.
export async function handleWithRetries(
  body: Buffer,
  handler: BatchHandler,
  options: { maxAttempts?: number; firstAttempt?: number; isStopped?: () => boolean },
): Promise<Settlement | { kind: 'stopped' }> {
  let batch: DecodedBatch;
  try {
    batch = decodeBatch(body);
  } catch (error) {
    return { kind: 'dead', reason: (error as Error).message };
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let attempt = options.firstAttempt ?? 1;
  for (;;) {
    try {
      await handler({ batch, attempt });
      return { kind: 'ack' };
    } catch (error) {
      if (attempt >= maxAttempts) {
        return {
          kind: 'dead',
          reason: `handler failed ${attempt} times: ${(error as Error).message ?? String(error)}`,
        };
      }
      if (options.isStopped?.()) return { kind: 'stopped' };
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      attempt++;
    }
  }
}
