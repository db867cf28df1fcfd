import { shellOutput } from '../../test/support/shell-output';
import { ShellIntegrationParser, ShellMark } from './shell-integration.parser';
import { ShellMarkSpotter } from './shell-mark-spotter';

const NONCE = 'b1c2d3e4';
const shell = shellOutput(NONCE);
const CWD = '/home/adá/my project;1';

// A prompt, a command with coloured output, and the next prompt somewhere else: bytes as the PTY delivers them.
const session = Buffer.from(
  shell.prompt(CWD) +
    'ls' +
    shell.commandStart('ls') +
    '\r\n\x1b[1;34mdocs\x1b[0m  naïve.txt\r\n' +
    shell.commandEnd(0) +
    shell.prompt('/tmp/ünï'),
);

// What the spotter reports: the marks without their offsets, which count from where parsing began.
const withoutOffsets = (marks: ShellMark[]) => marks.map(({ end: _end, ...mark }) => mark);

class SpotterContext {
  readonly spotter = new ShellMarkSpotter(NONCE);

  // Marks found per chunk, in order.
  push(...chunks: Buffer[]): ReturnType<typeof withoutOffsets>[] {
    return chunks.map((chunk) => withoutOffsets(this.spotter.push(chunk)));
  }
}

const marksOfWholeSession = withoutOffsets(
  new ShellIntegrationParser(NONCE).push(session.toString('utf8')),
);

describe('ShellMarkSpotter', () => {
  it('finds the same marks as the parser of the whole output, wherever the output is cut in two', () => {
    expect(marksOfWholeSession.map((mark) => mark.kind)).toContain('cwd');
    for (let cut = 0; cut <= session.length; cut++) {
      const found = new SpotterContext().push(session.subarray(0, cut), session.subarray(cut));
      expect({ cut, marks: found.flat() }).toEqual({ cut, marks: marksOfWholeSession });
    }
  });

  it('finds them in output that arrives a byte at a time, multi-byte characters of a directory included', () => {
    const bytes = [...session].map((byte) => Buffer.from([byte]));
    expect(new SpotterContext().push(...bytes).flat()).toEqual(marksOfWholeSession);
  });

  it('reports a mark with the chunk that completes it', () => {
    const found = new SpotterContext().push(
      Buffer.from('$ cd /srv\r\n\x1b]63'),
      Buffer.from('3;P;Cwd=/s'),
      Buffer.from('rv\x07\x1b]633;A\x07$ '),
    );
    expect(found).toEqual([[], [], [{ kind: 'cwd', cwd: '/srv' }, { kind: 'promptStart' }]]);
  });

  it('finds nothing in output without shell marks, colours and other OSC sequences included', () => {
    const ctx = new SpotterContext();
    const found = ctx.push(
      Buffer.from('\x1b[31mred\x1b'),
      Buffer.from('[0m \x1b]0;window title\x07 \x1b]133;A\x07 \x1b]63'),
      Buffer.from('4;x\x07 plain'),
    );
    expect(found).toEqual([[], [], []]);
    expect(ctx.push(Buffer.from(shell.commandEnd(2)))).toEqual([
      [{ kind: 'commandFinished', exitCode: 2 }],
    ]);
  });
});
