import { AsciicastParseError } from './asciicast-parse-error';
import { parseAsciicast } from './parse-asciicast';

const cast = (...lines: string[]) => lines.join('\n') + '\n';
const V2 = '{"version": 2, "width": 80, "height": 24}';
const V3 = '{"version": 3, "term": {"cols": 80, "rows": 24}}';
const output = (time: number, data = 'x') => JSON.stringify([time, 'o', data]);

function parseError(text: string): AsciicastParseError {
  try {
    parseAsciicast(text);
  } catch (error) {
    if (error instanceof AsciicastParseError) return error;
    throw error;
  }
  throw new Error('expected the text to be rejected');
}

describe('reading asciicast v2', () => {
  it('reads the header into cols/rows and the events with their absolute times', () => {
    const parsed = parseAsciicast(
      cast(
        '{"version": 2, "width": 100, "height": 30, "timestamp": 1504467315, "duration": 6.5, "idle_time_limit": 2.5, "command": "bash -l", "title": "Demo", "env": {"TERM": "xterm-256color", "SHELL": "/bin/zsh"}, "theme": {"fg": "#d0d0d0", "bg": "#212121", "palette": "#151515:#ac4142:#7e8e50:#e5b567:#6c99bb:#9f4e85:#7dd6cf:#d0d0d0"}}',
        String.raw`[0.248848, "o", "\u001b[1;31mHello \u001b[32mWorld!\u001b[0m\n"]`,
        '[1.0, "i", "ls\\r"]',
        '[1.5, "m", "chapter 2"]',
        '[2.0, "r", "120x40"]',
        '[6.541828, "o", "Bye!"]',
      ),
    );
    expect(parsed).toEqual({
      version: 2,
      header: {
        cols: 100,
        rows: 30,
        termType: 'xterm-256color',
        timestamp: 1504467315,
        duration: 6.5,
        idleTimeLimit: 2.5,
        command: 'bash -l',
        title: 'Demo',
        env: { TERM: 'xterm-256color', SHELL: '/bin/zsh' },
        theme: {
          fg: '#d0d0d0',
          bg: '#212121',
          palette: '#151515:#ac4142:#7e8e50:#e5b567:#6c99bb:#9f4e85:#7dd6cf:#d0d0d0',
        },
      },
      events: [
        [0.248848, 'o', '\u001b[1;31mHello \u001b[32mWorld!\u001b[0m\n'],
        [1, 'i', 'ls\r'],
        [1.5, 'm', 'chapter 2'],
        [2, 'r', '120x40'],
        [6.541828, 'o', 'Bye!'],
      ],
    });
  });

  it('ignores unknown header fields, null fields, unknown event codes and blank lines', () => {
    const parsed = parseAsciicast(
      cast(
        '{"version": 2, "width": 80, "height": 24, "title": null, "x-editor": {"theme": "dark"}}',
        output(0.5, 'a'),
        '[0.7, "z", "future code"]',
        '[0.8, "x", "0"]',
        '',
        '   ',
        output(1, 'b'),
      ),
    );
    expect(parsed.header).toEqual({ cols: 80, rows: 24 });
    expect(parsed.events).toEqual([
      [0.5, 'o', 'a'],
      [1, 'o', 'b'],
    ]);
  });

  it('accepts CRLF line endings, a byte order mark and a last line without newline', () => {
    const parsed = parseAsciicast(`\uFEFF${V2}\r\n${output(0.1)}\r\n${output(0.2)}`);
    expect(parsed.events.map(([time]) => time)).toEqual([0.1, 0.2]);
  });

  it('reads a file of only a header as a session without events', () => {
    expect(parseAsciicast(V2).events).toEqual([]);
  });
});

describe('reading asciicast v3', () => {
  it('turns intervals into absolute times, skips # comments and keeps the exit status', () => {
    const parsed = parseAsciicast(
      cast(
        '{"version": 3, "term": {"cols": 120, "rows": 40, "type": "xterm-256color", "version": "VTE(7600)", "theme": {"fg": "#ffffff", "bg": "#000000", "palette": "#000000:#111111:#222222:#333333:#444444:#555555:#666666:#777777:#888888:#999999:#aaaaaa:#bbbbbb:#cccccc:#dddddd:#eeeeee:#ffffff"}}, "timestamp": 1727000000, "idle_time_limit": 1.5, "command": "/bin/bash", "title": "v3", "env": {"SHELL": "/bin/bash"}, "tags": ["demo", "ci"], "unknown": 1}',
        '# recorded by hand',
        '[0.1, "o", "$ "]',
        '[0.25, "i", "exit 2\\r"]',
        '#[this is a comment, not an event',
        '[0.15, "m", ""]',
        '[1.0, "r", "100x30"]',
        '[0.000001, "o", "bye"]',
        '[0.5, "x", "2"]',
      ),
    );
    expect(parsed).toEqual({
      version: 3,
      header: {
        cols: 120,
        rows: 40,
        termType: 'xterm-256color',
        termVersion: 'VTE(7600)',
        theme: expect.objectContaining({ fg: '#ffffff', bg: '#000000' }),
        timestamp: 1727000000,
        idleTimeLimit: 1.5,
        command: '/bin/bash',
        title: 'v3',
        env: { SHELL: '/bin/bash' },
        tags: ['demo', 'ci'],
      },
      events: [
        [0.1, 'o', '$ '],
        [0.35, 'i', 'exit 2\r'],
        [0.5, 'm', ''],
        [1.5, 'r', '100x30'],
        [1.500001, 'o', 'bye'],
        [2.000001, 'x', '2'],
      ],
    });
  });

  it('sums 100k intervals without drift', () => {
    const events = Array.from({ length: 100_000 }, () => '[0.1, "o", "."]');
    const parsed = parseAsciicast(cast(V3, ...events));
    expect(parsed.events[99_999]![0]).toBe(10_000);
  });
});

describe('rejecting a malformed file, naming the line and the reason', () => {
  it.each([
    ['an empty file', '', 1, 'the file is empty (expected an asciicast header)'],
    [
      'a blank first line',
      cast('', V2),
      1,
      'expected the asciicast header (a JSON object), found an empty line',
    ],
    ['a header that is not JSON', cast('{"version": 2, width: 80}'), 1, 'not valid JSON ('],
    [
      'a missing header',
      cast(output(0.1)),
      1,
      'the header must be a JSON object, got an array of 3 items (is the header line missing?)',
    ],
    [
      'a header without version',
      cast('{"width": 80, "height": 24}'),
      1,
      'the header has no "version" (expected 2 or 3)',
    ],
    [
      'version 4',
      cast('{"version": 4, "width": 80, "height": 24}'),
      1,
      'unsupported asciicast version 4 (expected 2 or 3)',
    ],
    [
      'version "2" as a string',
      cast('{"version": "2", "width": 80, "height": 24}'),
      1,
      'unsupported asciicast version "2"',
    ],
    [
      'asciicast v1',
      JSON.stringify({ version: 1, width: 80, height: 24, stdout: [[0.1, 'x']] }, null, 2),
      1,
      'asciicast v1 (one JSON document) is not supported: only v2 and v3',
    ],
    [
      'v2 without width',
      cast('{"version": 2, "height": 24}'),
      1,
      'the header has no "width" (the terminal size is required)',
    ],
    ['v2 without height', cast('{"version": 2, "width": 80}'), 1, 'the header has no "height"'],
    [
      'v2 height as a string',
      cast('{"version": 2, "width": 80, "height": "24"}'),
      1,
      'header field "height" must be a whole number above 0, got "24"',
    ],
    [
      'v2 width 0',
      cast('{"version": 2, "width": 0, "height": 24}'),
      1,
      'header field "width" must be a whole number above 0, got 0',
    ],
    [
      'v3 without term',
      cast('{"version": 3, "width": 80, "height": 24}'),
      1,
      'the header has no "term" (required in asciicast v3)',
    ],
    [
      'v3 term not an object',
      cast('{"version": 3, "term": "xterm"}'),
      1,
      'header field "term" must be an object with cols and rows, got "xterm"',
    ],
    [
      'v3 without term.rows',
      cast('{"version": 3, "term": {"cols": 80}}'),
      1,
      'the header has no "term.rows"',
    ],
    [
      'v3 term.cols 2.5',
      cast('{"version": 3, "term": {"cols": 2.5, "rows": 24}}'),
      1,
      'header field "term.cols" must be a whole number above 0, got 2.5',
    ],
    [
      'a timestamp that is not a number',
      cast('{"version": 2, "width": 80, "height": 24, "timestamp": "yesterday"}'),
      1,
      'header field "timestamp" must be a number of 0 or more, got "yesterday"',
    ],
    [
      'an idle_time_limit of 0',
      cast('{"version": 2, "width": 80, "height": 24, "idle_time_limit": 0}'),
      1,
      'header field "idle_time_limit" must be a number above 0, got 0',
    ],
    [
      'a title that is not a string',
      cast('{"version": 2, "width": 80, "height": 24, "title": 42}'),
      1,
      'header field "title" must be a string, got 42',
    ],
    [
      'env with a number',
      cast('{"version": 2, "width": 80, "height": 24, "env": {"SHELL": 5}}'),
      1,
      'header field "env.SHELL" must be a string, got 5',
    ],
    [
      'env as a list',
      cast('{"version": 2, "width": 80, "height": 24, "env": ["TERM"]}'),
      1,
      'header field "env" must be an object of strings, got an array of 1 item',
    ],
    [
      'a theme with 3 colours',
      cast(
        '{"version": 2, "width": 80, "height": 24, "theme": {"fg": "#ffffff", "bg": "#000000", "palette": "#000000:#111111:#222222"}}',
      ),
      1,
      'header field "theme" must be {"fg": "#rrggbb"',
    ],
    [
      'v3 tags that are not strings',
      cast('{"version": 3, "term": {"cols": 80, "rows": 24}, "tags": [1]}'),
      1,
      'header field "tags" must be an array of strings, got an array of 1 item',
    ],
    [
      'bad JSON on line 7',
      cast(
        V2,
        output(1),
        output(2),
        output(3),
        output(4),
        output(5),
        '[6.0, "o", "unterminated]',
        output(7),
      ),
      7,
      'not valid JSON (',
    ],
    [
      'an object on line 9',
      cast(
        V2,
        ...[1, 2, 3, 4, 5, 6, 7].map((t) => output(t)),
        '{"time": 8, "code": "o", "data": "x"}',
      ),
      9,
      'an event must be a [time, code, data] array, got an object',
    ],
    [
      'an event of 2 items',
      cast(V2, '[0.5, "o"]'),
      2,
      'an event must be a [time, code, data] array, got an array of 2 items',
    ],
    [
      'an event of 4 items',
      cast(V2, '[0.5, "o", "x", "y"]'),
      2,
      'an event must be a [time, code, data] array, got an array of 4 items',
    ],
    [
      'a time given as a string',
      cast(V2, '["0.5", "o", "x"]'),
      2,
      'the time must be a number of seconds of 0 or more, got "0.5"',
    ],
    [
      'a negative time',
      cast(V2, '[-1, "o", "x"]'),
      2,
      'the time must be a number of seconds of 0 or more, got -1',
    ],
    [
      'a negative v3 interval',
      cast(V3, '[0.5, "o", "x"]', '[-0.1, "o", "x"]'),
      3,
      'the interval must be a number of seconds of 0 or more, got -0.1',
    ],
    [
      'a code that is not a string',
      cast(V2, '[0.5, 111, "x"]'),
      2,
      'the event code must be a string such as "o", got 111',
    ],
    [
      'an empty code',
      cast(V2, '[0.5, "", "x"]'),
      2,
      'the event code must be a string such as "o", got ""',
    ],
    [
      'data that is not a string',
      cast(V2, '[0.5, "o", 42]'),
      2,
      'the event data must be a string, got 42',
    ],
    [
      'data of an unknown code that is not a string',
      cast(V2, '[0.5, "z", {}]'),
      2,
      'the event data must be a string, got an object',
    ],
    [
      'v2 time going backwards on line 12',
      cast(V2, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((t) => output(t)), output(3.5)),
      12,
      "time goes backwards: 3.5 is before the previous event's 10",
    ],
    [
      'a resize that is not COLSxROWS',
      cast(V2, '[0.5, "r", "80-24"]'),
      2,
      'a resize must be "COLSxROWS" with both above 0, got "80-24"',
    ],
    [
      'a resize to 0 columns',
      cast(V3, '[0.5, "r", "0x24"]'),
      2,
      'a resize must be "COLSxROWS" with both above 0, got "0x24"',
    ],
    [
      'a # comment in v2 (comments are v3 only)',
      cast(V2, '# note', output(1)),
      2,
      'not valid JSON (',
    ],
  ])('%s', (_case, text, line, reason) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}: ${reason}`);
  });
});
