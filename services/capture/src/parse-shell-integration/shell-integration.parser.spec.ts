import {
  escapeShellIntegrationValue,
  unescapeShellIntegrationValue,
} from './command-line-escaping';
import { ShellIntegrationParser, ShellMark } from './shell-integration.parser';

const NONCE = 'b1c2d3e4';

// What the injected shell scripts print around one command.
const shell = {
  prompt: (text = '$ ') => `\x1b]633;A\x07\x1b]133;A\x07${text}\x1b]133;B\x07\x1b]633;B\x07`,
  commandLine: (line: string, nonce: string | null = NONCE) =>
    `\x1b]633;E;${escapeShellIntegrationValue(line)}${nonce === null ? '' : `;${nonce}`}\x07`,
  executed: () => '\x1b]633;C\x07\x1b]133;C\x07',
  finished: (exit?: number) => `\x1b]633;D${exit === undefined ? '' : `;${exit}`}\x07`,
  cwd: (path: string) => `\x1b]633;P;Cwd=${escapeShellIntegrationValue(path)}\x07`,
};

class ParserContext {
  readonly parser = new ShellIntegrationParser(NONCE);

  feed(...chunks: string[]): ShellMark[] {
    return chunks.flatMap((chunk) => this.parser.push(chunk));
  }

  kinds(...chunks: string[]): string[] {
    return this.feed(...chunks).map((mark) => mark.kind);
  }
}

const oneCommand = [
  shell.cwd('/home/ada/project'),
  shell.prompt(),
  'echo hello',
  shell.commandLine('echo hello'),
  shell.executed(),
  '\r\nhello\r\n',
  shell.finished(0),
].join('');

describe('ShellIntegrationParser', () => {
  it('reads the marks of one command in the order the shell wrote them', () => {
    const marks = new ParserContext().feed(oneCommand);
    expect(marks).toEqual([
      { kind: 'cwd', cwd: '/home/ada/project', end: expect.any(Number) },
      { kind: 'promptStart', end: expect.any(Number) },
      { kind: 'promptEnd', end: expect.any(Number) },
      { kind: 'commandLine', commandLine: 'echo hello', end: expect.any(Number) },
      { kind: 'commandExecuted', end: expect.any(Number) },
      { kind: 'commandFinished', exitCode: 0, end: expect.any(Number) },
    ]);
  });

  it('places each mark just past its sequence, so output before and after it can be told apart', () => {
    const marks = new ParserContext().feed(oneCommand);
    const executed = marks.find((mark) => mark.kind === 'commandExecuted')!;
    const finished = marks.find((mark) => mark.kind === 'commandFinished')!;
    expect(oneCommand.slice(0, executed.end).endsWith('\x1b]633;C\x07')).toBe(true);
    expect(oneCommand.slice(executed.end, finished.end)).toBe(
      `\x1b]133;C\x07\r\nhello\r\n${shell.finished(0)}`,
    );
  });

  it('finds the same marks wherever the output is split into two chunks', () => {
    const whole = new ParserContext().feed(oneCommand).map(({ kind }) => kind);
    for (let cut = 0; cut <= oneCommand.length; cut++) {
      const ctx = new ParserContext();
      const first = ctx.feed(oneCommand.slice(0, cut));
      const second = ctx.feed(oneCommand.slice(cut));
      expect([...first, ...second].map(({ kind }) => kind)).toEqual(whole);
      for (const mark of second) expect(mark.end).toBeGreaterThan(0);
      for (const mark of second) expect(mark.end).toBeLessThanOrEqual(oneCommand.length - cut);
    }
  });

  it('finds the marks when the output arrives one character at a time', () => {
    const ctx = new ParserContext();
    const marks = [...oneCommand].flatMap((char) => ctx.feed(char));
    expect(marks.map(({ kind }) => kind)).toEqual(new ParserContext().kinds(oneCommand));
    expect(marks.find((mark) => mark.kind === 'commandLine')).toMatchObject({
      commandLine: 'echo hello',
      end: 1,
    });
  });

  it('accepts ESC \\ as the string terminator', () => {
    expect(new ParserContext().feed('\x1b]633;D;2\x1b\\')).toEqual([
      { kind: 'commandFinished', exitCode: 2, end: 11 },
    ]);
  });

  it('ignores a command line with a wrong or missing nonce, as program output could print one', () => {
    const ctx = new ParserContext();
    expect(ctx.feed(shell.commandLine('rm -rf /', 'guessed'))).toEqual([]);
    expect(ctx.feed(shell.commandLine('rm -rf /', null))).toEqual([]);
    expect(ctx.feed(shell.commandLine('ls'))).toEqual([
      { kind: 'commandLine', commandLine: 'ls', end: expect.any(Number) },
    ]);
  });

  it('restores command lines holding semicolons, backslashes, spaces, newlines and non-ASCII text', () => {
    const line = 'printf "a;b\\\\c\\n" && echo \'é 漢字\'\nnext\tline';
    const [mark] = new ParserContext().feed(shell.commandLine(line));
    expect(mark).toMatchObject({ kind: 'commandLine', commandLine: line });
  });

  it('reports a finish without exit code as null: nothing ran', () => {
    expect(new ParserContext().feed(shell.finished())).toEqual([
      { kind: 'commandFinished', exitCode: null, end: 8 },
    ]);
  });

  it('ignores OSC 133, window titles and other escape sequences', () => {
    const ctx = new ParserContext();
    expect(
      ctx.feed(
        '\x1b]133;A\x07\x1b]0;title\x07\x1b[31mred\x1b[0m\x1b]633;P;HasRichCommandDetection=True\x07',
      ),
    ).toEqual([]);
  });

  it('drops a sequence cut off by another escape sequence', () => {
    expect(new ParserContext().kinds('\x1b]633;D;1\x1b[0m\x1b]633;C\x07')).toEqual([
      'commandExecuted',
    ]);
  });

  it('does not hold back output forever for an unterminated sequence', () => {
    const ctx = new ParserContext();
    ctx.feed('\x1b]633;E;' + 'x'.repeat(70 * 1024));
    expect(ctx.kinds(shell.executed())).toEqual(['commandExecuted']);
  });
});

describe('shell integration value escaping', () => {
  it('escapes backslash, semicolon and bytes up to 0x20 the way the reference says', () => {
    expect(escapeShellIntegrationValue('a\\b;c d\te\n')).toBe('a\\\\b\\x3bc\\x20d\\x09e\\x0a');
  });

  it('reads bytes escaped one by one as UTF-8', () => {
    expect(unescapeShellIntegrationValue('caf\\xc3\\xa9')).toBe('café');
  });

  it('round-trips any text', () => {
    for (const value of [
      '',
      'plain',
      ';;;',
      '\\\\x41',
      'tab\there',
      '🙂 smile',
      '\x00\x1f\x20\x7f',
    ]) {
      expect(unescapeShellIntegrationValue(escapeShellIntegrationValue(value))).toBe(value);
    }
  });
});
