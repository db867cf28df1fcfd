// Calendar arithmetic in an IANA time zone with nothing but Intl: a date is {year, month, day} as the user's wall
// calendar shows it; instants are epoch milliseconds.

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export interface WallTime extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`unknown time zone "${timeZone}" (expected an IANA name such as Europe/Paris)`);
  }
}

export function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    hour: parts['hour']!,
    minute: parts['minute']!,
    second: parts['second']!,
    millisecond: ((instant % 1000) + 1000) % 1000,
  };
}

const asUtc = (t: WallTime) =>
  Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.millisecond);

// How far the zone's wall clock is ahead of UTC at this instant.
export function offsetAt(instant: number, timeZone: string): number {
  return asUtc(wallTimeAt(instant, timeZone)) - instant;
}

// The instant the wall clock shows `time`; the earlier one when the clock shows it twice (autumn), and the
// moment the clock jumps forward when it never shows it (a spring gap), so a day always starts somewhere.
export function instantOf(time: WallTime, timeZone: string): number {
  const naive = asUtc(time);
  const candidates = [
    ...new Set([
      naive - offsetAt(naive, timeZone),
      naive - offsetAt(naive - 86_400_000, timeZone),
      naive - offsetAt(naive + 86_400_000, timeZone),
    ]),
  ];
  const exact = candidates.filter((instant) => asUtc(wallTimeAt(instant, timeZone)) === naive);
  if (exact.length > 0) return Math.min(...exact);
  return firstInstantAfterGap(naive, candidates, timeZone);
}

function firstInstantAfterGap(naive: number, candidates: number[], timeZone: string): number {
  // Binary search for the first instant whose wall time is past the requested one.
  let low = Math.min(...candidates) - 86_400_000;
  let high = Math.max(...candidates) + 86_400_000;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2);
    if (asUtc(wallTimeAt(middle, timeZone)) > naive) high = middle;
    else low = middle;
  }
  return high - (high % 1000);
}

export function startOfDay(date: CalendarDate, timeZone: string): number {
  return instantOf({ ...date, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

// 0 = Sunday ... 6 = Saturday, like Date#getDay.
export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

export function isRealDate(date: CalendarDate): boolean {
  const round = addDays(date, 0);
  return round.year === date.year && round.month === date.month && round.day === date.day;
}
