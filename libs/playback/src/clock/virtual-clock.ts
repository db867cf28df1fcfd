import { Clock } from './clock';

interface Sleeper {
  wakeAt: number;
  wake: () => void;
}

// A clock that moves only when told: sleepers wake, in order, as it is moved past them.
export class VirtualClock implements Clock {
  private time = 0;
  private sleepers: Sleeper[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = {
        wakeAt: this.time + Math.max(0, ms),
        wake: () => {
          this.sleepers = this.sleepers.filter((other) => other !== sleeper);
          signal?.removeEventListener('abort', sleeper.wake);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  // When the earliest sleeper wakes; undefined when nobody sleeps.
  nextWakeAt(): number | undefined {
    return this.sleepers.reduce<number | undefined>(
      (earliest, sleeper) =>
        earliest === undefined ? sleeper.wakeAt : Math.min(earliest, sleeper.wakeAt),
      undefined,
    );
  }

  // Moves to `time` one wake-up at a time. After each, `settled` must resolve once the woken work has run (and
  // slept again, or finished), so that every sleeper sees the clock at its own wake time.
  async advanceTo(time: number, settled: () => Promise<void> = nextMacrotask): Promise<void> {
    await settled();
    for (;;) {
      const next = this.nextWakeAt();
      if (next === undefined || next > time) break;
      this.time = Math.max(this.time, next);
      for (const sleeper of this.sleepers.filter((s) => s.wakeAt === next)) sleeper.wake();
      await settled();
    }
    this.time = Math.max(this.time, time);
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
