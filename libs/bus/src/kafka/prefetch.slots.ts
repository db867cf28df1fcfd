// What a member holds unsettled, with prefetch as a hard bound: taking more waits until some are given back.
export class PrefetchSlots {
  private held = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get inUse(): number {
    return this.held;
  }

  // Up to `wanted` slots, at least one once any is free; 0 if `cancelled` turns true while waiting.
  async take(wanted: number, cancelled: () => boolean): Promise<number> {
    while (this.held >= this.limit && !cancelled()) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (cancelled()) return 0;
    const granted = Math.min(wanted, this.limit - this.held);
    this.held += granted;
    return granted;
  }

  give(count: number): void {
    this.held -= count;
    this.wakeWaiters();
  }

  // Waiters look again: at free slots, or at a cancellation.
  wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
