import { DayParseError, parseDay, parseInstant, resolveRange } from './parse-day';

// Tuesday 2026-11-17, 10:30 in Paris (UTC+1 in November).
const parisTuesday = { now: Date.parse('2026-11-17T09:30:00Z'), timeZone: 'Europe/Paris' };

const iso = (range: { start: number; end: number }) => [
  new Date(range.start).toISOString(),
  new Date(range.end).toISOString(),
];

describe('parseDay', () => {
  it('reads today and yesterday as local calendar days', () => {
    expect(iso(parseDay('today', parisTuesday))).toEqual([
      '2026-11-16T23:00:00.000Z',
      '2026-11-17T23:00:00.000Z',
    ]);
    expect(iso(parseDay('Yesterday', parisTuesday))).toEqual([
      '2026-11-15T23:00:00.000Z',
      '2026-11-16T23:00:00.000Z',
    ]);
  });

  it('reads a weekday name as the most recent such day, today included', () => {
    expect(iso(parseDay('tuesday', parisTuesday))[0]).toBe('2026-11-16T23:00:00.000Z');
    expect(iso(parseDay('monday', parisTuesday))[0]).toBe('2026-11-15T23:00:00.000Z');
    expect(iso(parseDay('wed', parisTuesday))[0]).toBe('2026-11-10T23:00:00.000Z');
  });

  it('reads "last <weekday>" as the one before today', () => {
    expect(iso(parseDay('last tuesday', parisTuesday))[0]).toBe('2026-11-09T23:00:00.000Z');
    expect(iso(parseDay('last  Monday', parisTuesday))[0]).toBe('2026-11-15T23:00:00.000Z');
  });

  it('reads weeks as Monday to Sunday', () => {
    expect(iso(parseDay('this week', parisTuesday))).toEqual([
      '2026-11-15T23:00:00.000Z',
      '2026-11-22T23:00:00.000Z',
    ]);
    expect(iso(parseDay('last week', parisTuesday))).toEqual([
      '2026-11-08T23:00:00.000Z',
      '2026-11-15T23:00:00.000Z',
    ]);
    const sunday = { now: Date.parse('2026-11-22T12:00:00Z'), timeZone: 'UTC' };
    expect(iso(parseDay('this week', sunday))[0]).toBe('2026-11-16T00:00:00.000Z');
  });

  it('reads "N days ago" and ISO dates', () => {
    expect(iso(parseDay('3 days ago', parisTuesday))[0]).toBe('2026-11-13T23:00:00.000Z');
    expect(iso(parseDay('1 day ago', parisTuesday))[0]).toBe('2026-11-15T23:00:00.000Z');
    expect(iso(parseDay('2026-02-28', parisTuesday))).toEqual([
      '2026-02-27T23:00:00.000Z',
      '2026-02-28T23:00:00.000Z',
    ]);
  });

  it('takes the calendar of the given time zone, not the machine', () => {
    // 12:30 UTC on Tuesday is already Wednesday in Auckland (UTC+13) and still Tuesday in Los Angeles (UTC-8).
    const now = Date.parse('2026-11-17T12:30:00Z');
    expect(iso(parseDay('today', { now, timeZone: 'Pacific/Auckland' }))).toEqual([
      '2026-11-17T11:00:00.000Z',
      '2026-11-18T11:00:00.000Z',
    ]);
    expect(iso(parseDay('today', { now, timeZone: 'America/Los_Angeles' }))).toEqual([
      '2026-11-17T08:00:00.000Z',
      '2026-11-18T08:00:00.000Z',
    ]);
    expect(iso(parseDay('today', { now, timeZone: 'Asia/Kolkata' }))).toEqual([
      '2026-11-16T18:30:00.000Z',
      '2026-11-17T18:30:00.000Z',
    ]);
    expect(iso(parseDay('tuesday', { now, timeZone: 'Pacific/Auckland' }))[0]).toBe(
      '2026-11-16T11:00:00.000Z',
    );
  });

  it('gives daylight-saving days their true length', () => {
    const paris = { now: Date.parse('2026-11-17T09:30:00Z'), timeZone: 'Europe/Paris' };
    const spring = parseDay('2026-03-29', paris);
    const autumn = parseDay('2026-10-25', paris);
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });

  it('starts a day whose midnight does not exist when the clock jumps forward', () => {
    // Santiago moves from 00:00 to 01:00 on 2026-09-06.
    const santiago = { now: Date.parse('2026-09-10T12:00:00Z'), timeZone: 'America/Santiago' };
    expect(iso(parseDay('2026-09-06', santiago))).toEqual([
      '2026-09-06T04:00:00.000Z',
      '2026-09-07T03:00:00.000Z',
    ]);
  });

  it('names the accepted forms when it cannot parse', () => {
    for (const bad of ['someday', 'last', '2026-02-30', 'mo', 'next tuesday', '']) {
      expect(() => parseDay(bad, parisTuesday)).toThrow(DayParseError);
    }
    expect(() => parseDay('someday', parisTuesday)).toThrow(
      /cannot understand day "someday".*\n.*yesterday/s,
    );
  });

  it('rejects an unknown time zone by name', () => {
    expect(() => parseDay('today', { now: 0, timeZone: 'Mars/Olympus' })).toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
  });
});

describe('parseInstant', () => {
  it('takes a day word by its start for --since and its end for --until', () => {
    expect(new Date(parseInstant('yesterday', 'start', parisTuesday)).toISOString()).toBe(
      '2026-11-15T23:00:00.000Z',
    );
    expect(new Date(parseInstant('yesterday', 'end', parisTuesday)).toISOString()).toBe(
      '2026-11-16T23:00:00.000Z',
    );
  });

  it('reads date-times in local time unless they carry a zone', () => {
    expect(new Date(parseInstant('2026-11-17T08:15', 'start', parisTuesday)).toISOString()).toBe(
      '2026-11-17T07:15:00.000Z',
    );
    expect(
      new Date(parseInstant('2026-11-17 08:15:30.25', 'start', parisTuesday)).toISOString(),
    ).toBe('2026-11-17T07:15:30.250Z');
    expect(
      new Date(parseInstant('2026-11-17T08:15:00Z', 'start', parisTuesday)).toISOString(),
    ).toBe('2026-11-17T08:15:00.000Z');
    expect(
      new Date(parseInstant('2026-11-17T08:15:00-05:00', 'start', parisTuesday)).toISOString(),
    ).toBe('2026-11-17T13:15:00.000Z');
    expect(parseInstant('now', 'end', parisTuesday)).toBe(parisTuesday.now);
  });

  it('says "time" when a --since/--until value makes no sense', () => {
    expect(() => parseInstant('2026-11-17T25:00', 'start', parisTuesday)).toThrow(
      /cannot understand time "2026-11-17T25:00"/,
    );
  });
});

describe('resolveRange', () => {
  it('uses --on as a whole day, --since/--until as open or closed bounds', () => {
    expect(resolveRange({ on: 'today' }, parisTuesday)).toEqual(parseDay('today', parisTuesday));
    expect(resolveRange({ since: 'monday' }, parisTuesday)).toEqual({
      start: Date.parse('2026-11-15T23:00:00Z'),
    });
    expect(resolveRange({}, parisTuesday)).toEqual({});
  });

  it('refuses contradictory options', () => {
    expect(() => resolveRange({ on: 'today', since: 'monday' }, parisTuesday)).toThrow(
      /either --on or --since/,
    );
    expect(() => resolveRange({ since: 'today', until: 'yesterday' }, parisTuesday)).toThrow(
      /must be before --until/,
    );
  });
});
