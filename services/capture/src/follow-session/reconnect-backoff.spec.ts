import { BackoffPolicy, reconnectDelay } from './reconnect-backoff';

const policy: BackoffPolicy = { firstDelayMs: 250, maxDelayMs: 4000, maxAttempts: 8 };

describe('reconnect backoff', () => {
  it('doubles the wait after each failed attempt, up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
      reconnectDelay(attempt, policy, () => 0),
    );
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
  });

  it('jitters each wait down by at most half, so dropped followers spread out', () => {
    expect(reconnectDelay(3, policy, () => 0.9)).toBe(550);
    expect(reconnectDelay(3, policy, () => 0.5)).toBe(750);
  });

  it('gives up after the last attempt', () => {
    expect(reconnectDelay(9, policy, () => 0)).toBeUndefined();
  });
});
