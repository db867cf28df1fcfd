import { formatMicros, formatSeconds, IntervalClock, toMicros } from './cast-time';

describe('asciicast times', () => {
  it('are written with at most 6 decimals, trailing zeros dropped, as asciinema writes them', () => {
    expect(formatMicros(0)).toBe('0.0');
    expect(formatMicros(1_000_001)).toBe('1.000001');
    expect(formatMicros(12_300_000)).toBe('12.3');
    expect(formatMicros(2_000_000)).toBe('2.0');
    expect(formatSeconds(0.0000004)).toBe('0.0');
    expect(formatSeconds(86_400.1234567)).toBe('86400.123457');
  });

  it('v3 intervals carry each rounding error into the next, so 100k of them add up to the last time', () => {
    const clock = new IntervalClock();
    // Times with sub-microsecond parts: rounding each interval on its own would drift by up to 0.05 s here.
    const times = Array.from({ length: 100_000 }, (_, i) => (i + 1) * 0.0123456789);
    const intervals = times.map((time) => clock.next(time));
    const sum = intervals.reduce((total, interval) => total + interval, 0);
    expect(sum).toBe(toMicros(times[times.length - 1]!));
    expect(Math.max(...intervals) - Math.min(...intervals)).toBe(1);
  });

  it('an interval is never negative, even when a time goes back', () => {
    const clock = new IntervalClock();
    expect([clock.next(2), clock.next(1.5), clock.next(2.25)]).toEqual([2_000_000, 0, 250_000]);
  });
});
