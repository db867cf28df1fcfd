// Connection lost or refused, server shutting down or starting, too many connections, serialization failure,
// deadlock: the same batch succeeds later, so these must not count towards the bus's poison limit.
const TRANSIENT_SQLSTATE = /^(08|57P0[1-3]|53300|40001|40P01)/;
const TRANSIENT_NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGE =
  /Connection terminated|connection (is )?(closed|ended)|timeout exceeded when trying to connect/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as Error & { code?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NETWORK.has(code)))
    return true;
  return TRANSIENT_MESSAGE.test(error.message);
}

export interface WaitOptions {
  isStopping: () => boolean;
  onWait?: (error: Error, attempt: number) => void;
  maxDelayMs?: number;
}

// Retries for as long as the database is unavailable; any other failure goes to the bus at once.
export async function whileDatabaseUnavailable<T>(
  work: () => Promise<T>,
  options: WaitOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || options.isStopping()) throw error;
      options.onWait?.(error as Error, attempt);
      const delay = Math.min(50 * 2 ** (attempt - 1), options.maxDelayMs ?? 5000);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
