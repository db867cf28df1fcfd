const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

// Exponential and capped, so a broker that is down for minutes is polled every few seconds, not hammered.
export function reconnectDelayMs(attempt: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
