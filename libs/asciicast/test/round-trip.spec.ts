import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnyEvent, uuidv7 } from '@backtrack/events';
import {
  AsciicastVersion,
  fromAsciicast,
  parseAsciicast,
  toAsciicastV2,
  toAsciicastV3,
} from '../src';
import { ada, RecordedSession } from './support/recorded-session';

type View = [offsetMs: number, kind: string, detail: unknown];

// What an asciicast carries of a session, comparable between the original and its import: times in ms since start.
function asciicastView(events: AnyEvent[], version: AsciicastVersion): View[] {
  const start = events[0]!.at;
  const view: View[] = [];
  let title: string | undefined;
  for (const event of events) {
    const at = event.at - start;
    switch (event.type) {
      case 'session.started': {
        const { cols, rows, term, shell, command } = event.payload;
        title = event.payload.title;
        view.push([at, 'start', { cols, rows, term, shell, command }]);
        break;
      }
      case 'session.titled':
        title = event.payload.title;
        break;
      case 'terminal.output':
      case 'terminal.input':
        view.push([at, event.type, event.payload.data]);
        break;
      case 'terminal.resize':
        view.push([at, 'resize', `${event.payload.cols}x${event.payload.rows}`]);
        break;
      case 'terminal.marker':
        view.push([at, 'marker', event.payload.label]);
        break;
      case 'terminal.command.started':
        view.push([at, 'marker', event.payload.commandLine]);
        break;
      case 'session.ended':
        // v2 has no exit status: its end comes back from the header's duration, without a code.
        view.push([at, 'end', version === 3 ? event.payload.exitCode : null]);
        break;
    }
  }
  view.push([0, 'title', title]);
  return view;
}

// A longer session with the shapes terminals produce: prompts, colours, cursor moves, unicode, resizes, commands.
function busySession(): RecordedSession {
  const session = RecordedSession.started({
    shell: '/usr/bin/zsh',
    term: 'xterm-256color',
    title: 'Long session',
    command: ['zsh', '-c', "echo 'hi'; exec zsh"],
  });
  let seed = 11;
  const next = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
  const chunks = [
    '\u001b[?2004h\u001b]633;A\u0007➜ api git:(main) ',
    '\u001b[1;31mFAIL\u001b[0m src/login.spec.ts\r\n',
    '\u001b[2K\u001b[1G⠋ building…',
    'naïve café — 日本語 — 🚀🔥\r\n',
    '"quotes" \\ backslash \t tab \u0000 nul \u007f del\r\n',
  ];
  for (let i = 0; i < 1000; i++) {
    session.wait(next(3000));
    const pick = next(10);
    if (pick < 6) session.output(chunks[next(chunks.length)]!);
    else if (pick < 8) session.input(next(2) ? 'ls -la\r' : '\u001b[A');
    else if (pick < 9) session.command(`npm run test -- --shard=${i}`, `shard ${i} ✓\r\n`, next(3));
    else if (next(4) === 0) session.resize(80 + next(100), 20 + next(40));
    else session.marker(`step ${i}`);
  }
  session.add('session.titled', { title: 'Renamed long session' });
  return session.wait(1234).end(2);
}

function roundTrip(events: AnyEvent[], version: AsciicastVersion): AnyEvent[] {
  const text = version === 2 ? toAsciicastV2(events) : toAsciicastV3(events);
  return fromAsciicast(parseAsciicast(text), {
    sessionId: uuidv7(),
    actor: ada,
    startAt: events[0]!.at,
  });
}

describe.each([2, 3] as const)('events -> asciicast v%i -> events', (version) => {
  it('keeps every terminal event, its time to the millisecond, the size, title and how it ended', () => {
    const original = busySession().events;
    const imported = roundTrip(original, version);
    expect(asciicastView(imported, version)).toEqual(asciicastView(original, version));
    expect(imported.map((event) => event.seq)).toEqual(imported.map((_, i) => i + 1));
  });

  it('survives a second round trip unchanged', () => {
    const once = roundTrip(busySession().events, version);
    const twice = roundTrip(once, version);
    expect(asciicastView(twice, version)).toEqual(asciicastView(once, version));
  });
});

describe('a file recorded by the real asciinema 2.2 (`asciinema rec --stdin` in a terminal)', () => {
  const text = readFileSync(join(__dirname, 'fixtures', 'asciinema-2.2-rec-stdin.cast'), 'utf8');
  const parsed = parseAsciicast(text);

  it('is read with its header, input and output, unicode and escape sequences', () => {
    expect(parsed.version).toBe(2);
    expect(parsed.header).toEqual({
      cols: 80,
      rows: 24,
      termType: 'tmux-256color',
      timestamp: 1795276941,
      title: 'Demo: unicode & escapes',
      env: { SHELL: '/bin/bash', TERM: 'tmux-256color' },
    });
    expect(parsed.events).toHaveLength(19);
    expect(parsed.events[0]).toEqual([0.006896, 'o', '\u001b[?2004hbash-5.2# ']);
    expect(parsed.events[1]).toEqual([1.425307, 'i', 'echo "héllo wörld ✓ 🚀"']);
    expect(parsed.events[9]).toEqual([
      2.645842,
      'o',
      '\r\n\u001b[?2004l\r\u001b[1;31mred\u001b[0m \u001b[32m日本語\u001b[0m\r\n\u001b[?2004hbash-5.2# ',
    ]);
    expect(parsed.events.filter(([, code]) => code === 'i')).toHaveLength(8);
  });

  it('imports as a session and exports back to the same frames, to the millisecond', () => {
    const events = fromAsciicast(parsed, { sessionId: uuidv7(), actor: ada });
    expect(events[0]!.at).toBe(1795276941 * 1000);
    const again = parseAsciicast(toAsciicastV2(events));
    expect(again.header).toMatchObject({
      cols: 80,
      rows: 24,
      title: parsed.header.title,
      env: parsed.header.env,
    });
    expect(again.events.map(([, code, data]) => [code, data])).toEqual(
      parsed.events.map(([, code, data]) => [code, data]),
    );
    again.events.forEach(([time], i) =>
      expect(Math.abs(time - parsed.events[i]![0])).toBeLessThanOrEqual(0.0005),
    );
  });
});
