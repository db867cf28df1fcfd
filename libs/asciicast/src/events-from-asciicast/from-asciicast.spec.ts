import { AnyEvent, uuidv7 } from '@backtrack/events';
import { ada } from '../../test/support/recorded-session';
import { ParsedAsciicast } from '../asciicast';
import { parseAsciicast } from '../parse-asciicast/parse-asciicast';
import { fromAsciicast, IMPORT_AGENT } from './from-asciicast';

const START = Date.UTC(2026, 10, 17, 9, 0, 0);

function importCast(text: string, options: { startAt?: number; title?: string } = {}) {
  const sessionId = uuidv7();
  return {
    sessionId,
    events: fromAsciicast(parseAsciicast(text), { sessionId, actor: ada, ...options }),
  };
}

const brief = (events: AnyEvent[]) =>
  events.map((event) => [event.seq, event.type, event.at - START, event.payload]);

describe('importing an asciicast as a new session', () => {
  it('starts a session of source "import", replays the terminal events and ends with the exit status', () => {
    const { sessionId, events } = importCast(
      [
        '{"version": 3, "term": {"cols": 100, "rows": 30, "type": "xterm-256color"}, "timestamp": 1794906000, "command": "sh -c \'npm test\'", "title": "CI run", "env": {"SHELL": "/bin/zsh"}}',
        '[0.25, "o", "$ "]',
        '[0.5, "i", "q"]',
        '[0.125, "m", "tests"]',
        '[1.0, "r", "120x40"]',
        '[0.0004, "o", "done"]',
        '[0.1, "x", "3"]',
        '',
      ].join('\n'),
    );
    expect(new Set(events.map((event) => event.sessionId))).toEqual(new Set([sessionId]));
    expect(events.map((event) => event.actor)).toEqual(events.map(() => ada));
    expect(brief(events)).toEqual([
      [
        1,
        'session.started',
        0,
        {
          source: 'import',
          agent: IMPORT_AGENT,
          cols: 100,
          rows: 30,
          title: 'CI run',
          term: 'xterm-256color',
          shell: '/bin/zsh',
          command: ['sh', '-c', 'npm test'],
        },
      ],
      [2, 'terminal.output', 250, { data: '$ ' }],
      [3, 'terminal.input', 750, { data: 'q' }],
      [4, 'terminal.marker', 875, { label: 'tests' }],
      [5, 'terminal.resize', 1875, { cols: 120, rows: 40 }],
      [6, 'terminal.output', 1875, { data: 'done' }],
      [7, 'session.ended', 1975, { exitCode: 3, reason: 'imported' }],
    ]);
  });

  it('ends a v2 session at its duration, with no exit code, and takes the title given', () => {
    const { events } = importCast(
      [
        '{"version": 2, "width": 80, "height": 24, "timestamp": 1794906000, "duration": 9.5, "title": "old"}',
        '[1.0, "o", "hi"]',
      ].join('\n'),
      { title: 'new' },
    );
    expect(brief(events)).toEqual([
      [1, 'session.started', 0, expect.objectContaining({ title: 'new', cols: 80, rows: 24 })],
      [2, 'terminal.output', 1000, { data: 'hi' }],
      [3, 'session.ended', 9500, { exitCode: null, reason: 'imported' }],
    ]);
  });

  it('places time 0 at startAt when given, else at the header timestamp, else now', () => {
    const header = '{"version": 2, "width": 80, "height": 24, "timestamp": 1700000000}';
    expect(importCast(header, { startAt: START }).events[0]!.at).toBe(START);
    expect(importCast(header).events[0]!.at).toBe(1_700_000_000_000);
    const before = Date.now();
    const now = importCast('{"version": 2, "width": 80, "height": 24}').events[0]!.at;
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('cuts huge output frames into events under the size limit, keeping every character', () => {
    const huge = 'é✓🚀x'.repeat(200_000);
    const parsed: ParsedAsciicast = {
      version: 2,
      header: { cols: 80, rows: 24 },
      events: [[0.5, 'o', huge]],
    };
    const events = fromAsciicast(parsed, { sessionId: uuidv7(), actor: ada, startAt: START });
    const outputs = events.filter((event) => event.type === 'terminal.output');
    expect(outputs.length).toBeGreaterThan(1);
    for (const event of outputs)
      expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(300_000);
    expect(outputs.map((event) => (event.payload as { data: string }).data).join('')).toBe(huge);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it('reads an exit status that is not a number as unknown', () => {
    const { events } = importCast(
      ['{"version": 3, "term": {"cols": 80, "rows": 24}}', '[1, "x", "killed"]'].join('\n'),
      { startAt: START },
    );
    expect(brief(events).at(-1)).toEqual([
      2,
      'session.ended',
      1000,
      { exitCode: null, reason: 'imported' },
    ]);
  });
});
