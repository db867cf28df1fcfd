// asciicast times have at most 6 decimals: everything is counted in whole microseconds, so sums never drift.
export const MICROS_PER_SECOND = 1_000_000;

export function toMicros(seconds: number): number {
  return Math.round(seconds * MICROS_PER_SECOND);
}

// 0 -> "0.0", 1500000 -> "1.5", 12000003 -> "12.000003": what asciinema writes.
export function formatMicros(micros: number): string {
  const whole = Math.floor(micros / MICROS_PER_SECOND);
  const fraction = String(micros - whole * MICROS_PER_SECOND)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${whole}.${fraction || '0'}`;
}

export function formatSeconds(seconds: number): string {
  return formatMicros(toMicros(seconds));
}

// v3 intervals: each is rounded against the previous ROUNDED time, so the rounding error of one interval is carried
// into the next and the intervals always add up to the rounded absolute time.
export class IntervalClock {
  private previousMicros = 0;

  next(absoluteSeconds: number): number {
    const micros = Math.max(toMicros(absoluteSeconds), this.previousMicros);
    const interval = micros - this.previousMicros;
    this.previousMicros = micros;
    return interval;
  }
}
