export interface BackoffPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  // Consecutive failed attempts before giving up.
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  firstDelayMs: 250,
  maxDelayMs: 10_000,
  maxAttempts: 20,
};

// Exponential, capped, and jittered down by up to half so followers dropped together do not return together.
// undefined: give up.
export function reconnectDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number | undefined {
  if (attempt > policy.maxAttempts) return undefined;
  const full = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(full * (1 - random() / 2));
}
