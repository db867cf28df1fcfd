import { RecordedSession } from '../../test/support/recorded-session';
import { toMicros } from '../cast-time/cast-time';
import { AsciicastWriteError } from './session-recording';
import { toAsciicastV2, toAsciicastV3 } from './write-asciicast';

// A short terminal session: a prompt, typed input, a failing command, a resize, a marker, unicode, the exit.
function fixLoginSession(): RecordedSession {
  return RecordedSession.started({
    shell: '/bin/bash',
    term: 'xterm-256color',
    title: 'Fix login',
    command: ['bash', '-l'],
  })
    .wait(7)
    .output('\u001b[?2004h$ ')
    .wait(1493)
    .input('npm test\r')
    .wait(2)
    .command('npm test', 'FAIL src/login.spec.ts ✗\r\n', 1, 40)
    .wait(458)
    .resize(100, 30)
    .wait(1000)
    .marker('look here')
    .wait(123)
    .output('日本語 🚀 "q" \\ \t\r\n')
    .wait(877)
    .end(1);
}

const lines = (text: string) => text.split('\n');

describe('writing a session as asciicast v2', () => {
  it('writes the header and one [seconds since start, code, data] line per terminal event, as asciinema does', () => {
    const cast = toAsciicastV2(fixLoginSession().events);
    expect(lines(cast)).toEqual([
      '{"version":2,"width":80,"height":24,"timestamp":1794906000,"duration":4,"command":"bash -l","title":"Fix login","env":{"SHELL":"/bin/bash","TERM":"xterm-256color"}}',
      String.raw`[0.007, "o", "\u001b[?2004h$ "]`,
      String.raw`[1.5, "i", "npm test\r"]`,
      String.raw`[1.502, "m", "npm test"]`,
      String.raw`[1.522, "o", "FAIL src/login.spec.ts ✗\r\n"]`,
      String.raw`[2.0, "r", "100x30"]`,
      String.raw`[3.0, "m", "look here"]`,
      String.raw`[3.123, "o", "日本語 🚀 \"q\" \\ \t\r\n"]`,
      '',
    ]);
  });

  it('adds idle_time_limit only when asked, and lets the caller set the title', () => {
    const events = fixLoginSession().events;
    expect(JSON.parse(lines(toAsciicastV2(events))[0]!)).not.toHaveProperty('idle_time_limit');
    const header = JSON.parse(lines(toAsciicastV2(events, { idleTimeLimit: 1.5, title: 'T' }))[0]!);
    expect(header).toMatchObject({ idle_time_limit: 1.5, title: 'T' });
  });

  it('takes the latest session.titled as the title and leaves out what is unknown', () => {
    const session = RecordedSession.started().wait(5).output('x');
    session.add('session.titled', { title: 'Renamed' });
    expect(JSON.parse(lines(toAsciicastV2(session.events))[0]!)).toEqual({
      version: 2,
      width: 80,
      height: 24,
      timestamp: 1794906000,
      duration: 0.005,
      title: 'Renamed',
    });
  });

  it('leaves out events that are not terminal I/O (editor, git, command finished)', () => {
    const session = RecordedSession.started().wait(10).output('a');
    session.add('git.head.changed', { branch: 'main', commit: 'abc1234' });
    session.add('editor.file.saved', { path: '/src/a.ts' });
    session.wait(10).output('b');
    expect(lines(toAsciicastV2(session.events)).slice(1)).toEqual([
      '[0.01, "o", "a"]',
      '[0.02, "o", "b"]',
      '',
    ]);
  });

  it('keeps times from going backwards when the recording clock stepped back', () => {
    const session = RecordedSession.started().wait(1000).output('a').wait(-400).output('b');
    expect(lines(toAsciicastV2(session.events)).slice(1, 3)).toEqual([
      '[1.0, "o", "a"]',
      '[1.0, "o", "b"]',
    ]);
  });
});

describe('writing a session as asciicast v3', () => {
  it('writes term {cols, rows, type}, intervals since the previous event, and the exit status', () => {
    const cast = toAsciicastV3(fixLoginSession().events, { idleTimeLimit: 2 });
    expect(lines(cast)).toEqual([
      '{"version":3,"term":{"cols":80,"rows":24,"type":"xterm-256color"},"timestamp":1794906000,"idle_time_limit":2,"command":"bash -l","title":"Fix login","env":{"SHELL":"/bin/bash","TERM":"xterm-256color"}}',
      String.raw`[0.007, "o", "\u001b[?2004h$ "]`,
      String.raw`[1.493, "i", "npm test\r"]`,
      String.raw`[0.002, "m", "npm test"]`,
      String.raw`[0.02, "o", "FAIL src/login.spec.ts ✗\r\n"]`,
      String.raw`[0.478, "r", "100x30"]`,
      String.raw`[1.0, "m", "look here"]`,
      String.raw`[0.123, "o", "日本語 🚀 \"q\" \\ \t\r\n"]`,
      String.raw`[0.877, "x", "1"]`,
      '',
    ]);
  });

  it('writes no exit status when the session ended without one', () => {
    const cast = toAsciicastV3(RecordedSession.started().wait(5).output('bye').end(null).events);
    expect(cast.split('\n').slice(1)).toEqual(['[0.005, "o", "bye"]', '']);
  });

  it('intervals over 100k events add up exactly to the time of the last one', () => {
    const session = RecordedSession.started();
    let seed = 7;
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 48271) % 2147483647;
      session.wait(seed % 997).output('.');
    }
    const last = session.events[session.events.length - 1]!.at - session.startAt;
    const intervals = lines(toAsciicastV3(session.events))
      .slice(1, -1)
      .map((line) => JSON.parse(line)[0] as number);
    expect(intervals).toHaveLength(100_000);
    const summedMicros = intervals.reduce((sum, interval) => sum + toMicros(interval), 0);
    expect(summedMicros).toBe(last * 1000);
    // A reader that simply adds the floats stays within a microsecond too.
    expect(
      Math.abs(intervals.reduce((sum, interval) => sum + interval, 0) - last / 1000),
    ).toBeLessThan(1e-6);
  });
});

describe('what cannot be written', () => {
  it.each([
    ['no events', () => [], 'no events to export'],
    [
      'no session.started',
      () => RecordedSession.started().output('x').events.slice(1),
      'has no session.started event',
    ],
    [
      'no terminal size',
      () => RecordedSession.started({ source: 'editor', cols: undefined, rows: undefined }).events,
      'has no terminal size',
    ],
    [
      'two sessions',
      () => [...RecordedSession.started().events, ...RecordedSession.started().events],
      'events of two sessions',
    ],
  ])('%s', (_case, events, message) => {
    expect(() => toAsciicastV2(events())).toThrow(AsciicastWriteError);
    expect(() => toAsciicastV3(events())).toThrow(message);
  });

  it('an idle time limit that is not a positive number of seconds', () => {
    const events = RecordedSession.started().events;
    expect(() => toAsciicastV2(events, { idleTimeLimit: 0 })).toThrow(
      'the idle time limit must be a number of seconds above 0 (got 0)',
    );
    expect(() => toAsciicastV3(events, { idleTimeLimit: NaN })).toThrow('above 0');
  });
});
