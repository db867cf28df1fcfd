import {
  addDays,
  assertTimeZone,
  CalendarDate,
  defaultTimeZone,
  instantOf,
  isRealDate,
  startOfDay,
  wallTimeAt,
  weekdayOf,
} from './zoned-time';

// A half-open range of instants [start, end), in epoch milliseconds.
export interface TimeRange {
  start: number;
  end: number;
}

export interface Clock {
  now: number;
  timeZone: string;
}

export function systemClock(): Clock {
  return { now: Date.now(), timeZone: defaultTimeZone() };
}

export const ACCEPTED_DAYS = [
  'today',
  'yesterday',
  'a weekday (monday, tue, ...): the most recent one, today included',
  'last <weekday>: the one before today',
  'N days ago',
  'this week / last week (Monday to Sunday)',
  'a date: 2026-11-17',
];

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export class DayParseError extends Error {
  constructor(
    readonly input: string,
    what = 'day',
  ) {
    super(
      `cannot understand ${what} "${input}"; accepted forms:\n${ACCEPTED_DAYS.map((form) => `  - ${form}`).join('\n')}`,
    );
    this.name = 'DayParseError';
  }
}

// Parses the words people use for days ("yesterday", "last tuesday", "last week") in the user's time zone.
export function parseDay(input: string, clock: Clock = systemClock()): TimeRange {
  assertTimeZone(clock.timeZone);
  const days = parseDays(input.trim().toLowerCase().replace(/\s+/g, ' '), clock);
  if (!days) throw new DayParseError(input);
  return {
    start: startOfDay(days.first, clock.timeZone),
    end: startOfDay(addDays(days.first, days.count), clock.timeZone),
  };
}

function parseDays(text: string, clock: Clock): { first: CalendarDate; count: number } | undefined {
  const today = wallTimeAt(clock.now, clock.timeZone);
  const one = (first: CalendarDate | undefined) => (first ? { first, count: 1 } : undefined);
  if (text === 'today') return one(today);
  if (text === 'yesterday') return one(addDays(today, -1));
  const ago = /^(\d{1,4}) days? ago$/.exec(text);
  if (ago) return one(addDays(today, -Number(ago[1])));
  const week = /^(this|last) week$/.exec(text);
  if (week) {
    const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
    return { first: week[1] === 'last' ? addDays(monday, -7) : monday, count: 7 };
  }
  const weekday = /^(last )?([a-z]+)$/.exec(text);
  if (weekday) {
    const target = weekdayIndex(weekday[2]!);
    if (target === undefined) return undefined;
    const back = (weekdayOf(today) - target + 7) % 7;
    return one(addDays(today, weekday[1] && back === 0 ? -7 : -back));
  }
  return one(parseIsoDate(text));
}

function weekdayIndex(word: string): number | undefined {
  if (word.length < 3) return undefined;
  const index = WEEKDAYS.findIndex((name) => name.startsWith(word));
  return index === -1 ? undefined : index;
}

function parseIsoDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealDate(date) ? date : undefined;
}

// For --since/--until: an ISO date-time (zone optional: local by default), `now`, or any day word, whose start
// (for --since) or end (for --until) is taken, so `--until tuesday` includes Tuesday.
export function parseInstant(
  input: string,
  edge: 'start' | 'end',
  clock: Clock = systemClock(),
): number {
  const text = input.trim();
  if (text.toLowerCase() === 'now') return clock.now;
  const dateTime = parseIsoDateTime(text, clock.timeZone);
  if (dateTime !== undefined) return dateTime;
  try {
    const range = parseDay(text, clock);
    return edge === 'start' ? range.start : range.end;
  } catch (error) {
    if (!(error instanceof DayParseError)) throw error;
    throw new DayParseError(input, 'time');
  }
}

function parseIsoDateTime(text: string, timeZone: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text,
    );
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const time = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
    millisecond: Number((fraction ?? '0').padEnd(3, '0')),
  };
  if (!isRealDate(time) || time.hour > 23 || time.minute > 59 || time.second > 59) return undefined;
  if (!zone) return instantOf(time, timeZone);
  const naive = Date.UTC(
    time.year,
    time.month - 1,
    time.day,
    time.hour,
    time.minute,
    time.second,
    time.millisecond,
  );
  if (zone.toUpperCase() === 'Z') return naive;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return naive - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

// --on DAY, or --since/--until, as the range to ask for; given none, the range is open.
export function resolveRange(
  options: { on?: string; since?: string; until?: string },
  clock: Clock = systemClock(),
): Partial<TimeRange> {
  if (options.on && (options.since || options.until))
    throw new Error('use either --on or --since/--until, not both');
  if (options.on) return parseDay(options.on, clock);
  const range: Partial<TimeRange> = {};
  if (options.since) range.start = parseInstant(options.since, 'start', clock);
  if (options.until) range.end = parseInstant(options.until, 'end', clock);
  if (range.start !== undefined && range.end !== undefined && range.start >= range.end) {
    throw new Error(`--since (${options.since}) must be before --until (${options.until})`);
  }
  return range;
}
