import { generateSession } from '../testing/generate-session';
import { VirtualTerminal } from './virtual-terminal';

function fed(terminal: VirtualTerminal, chunks: string[]): Promise<void> {
  return terminal.write(chunks.join(''));
}

async function restoredCopy(terminal: VirtualTerminal): Promise<VirtualTerminal> {
  return VirtualTerminal.restore(terminal.serialize(), {
    cols: terminal.cols,
    rows: terminal.rows,
  });
}

describe('virtual terminal', () => {
  const terminals: VirtualTerminal[] = [];
  const track = (terminal: VirtualTerminal) => (terminals.push(terminal), terminal);
  afterEach(() => terminals.splice(0).forEach((terminal) => terminal.dispose()));

  it('show what was written once it resolves: text, colours stripped, cursor where the output left it', async () => {
    const terminal = track(new VirtualTerminal({ cols: 20, rows: 4 }));

    await terminal.write('hello \x1b[31mred\x1b[0m\r\nsecond\x1b[1;15Hmid');

    expect(terminal.screenText()).toEqual(['hello red     mid', 'second', '', '']);
    expect(terminal.cursor()).toEqual({ x: 17, y: 0, buffer: 'normal' });
  });

  it('serialize a screen so that a fresh terminal of the same size shows the same lines, cursor and colours', async () => {
    const events = generateSession({ sessionId: 's', events: 400, seed: 7 });
    const terminal = track(new VirtualTerminal({ cols: 80, rows: 24 }));
    let compared = 0;
    for (const event of events) {
      if (event.type === 'terminal.resize') terminal.resize(event.payload);
      if (event.type === 'terminal.output') await terminal.write(event.payload.data);
      if (event.seq % 40 !== 0) continue;

      const copy = track(await restoredCopy(terminal));

      expect({ seq: event.seq, lines: copy.screenText(), cursor: copy.cursor() }).toEqual({
        seq: event.seq,
        lines: terminal.screenText(),
        cursor: terminal.cursor(),
      });
      expect(copy.screenLook()).toEqual(terminal.screenLook());
      compared++;
    }
    expect(compared).toBe(10);
  });

  it('carry the scroll region and hidden cursor, so a full-screen program keeps scrolling the same way', async () => {
    const terminal = track(new VirtualTerminal({ cols: 20, rows: 5 }));
    await fed(terminal, ['a\r\nb\r\nc\r\n', '\x1b[?1049h\x1b[?25l\x1b[1;4r\x1b[4;1Hx\n']);

    const copy = track(await restoredCopy(terminal));
    await Promise.all([terminal.write('y\nz\n'), copy.write('y\nz\n')]);

    expect(copy.screenText()).toEqual(terminal.screenText());
    expect(copy.cursor()).toEqual(terminal.cursor());
    expect(copy.serialize()).toBe(terminal.serialize());
  });

  it('keep the scrollback, so growing the window brings back the same lines', async () => {
    const terminal = track(new VirtualTerminal({ cols: 20, rows: 3 }));
    await terminal.write(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\r\n'));

    const copy = track(await restoredCopy(terminal));
    terminal.resize({ cols: 20, rows: 10 });
    copy.resize({ cols: 20, rows: 10 });

    expect(copy.screenText()).toEqual(terminal.screenText());
    expect(terminal.screenText()[0]).toBe('line 20');
  });

  it('put the cursor back where the shell left it when a copy made in a resized full-screen program leaves it', async () => {
    const terminal = track(new VirtualTerminal({ cols: 40, rows: 10 }));
    const long = 'x'.repeat(30);
    // Scrollback full, so narrowing the window (the shell's long lines wrap, out of sight) drops lines above it.
    await terminal.write(Array.from({ length: 300 }, () => long).join('\r\n'));
    await terminal.write('\x1b[2J\x1b[Hone\r\ntwo\r\n$ less notes');
    await terminal.write('\x1b[?1049h\x1b[Hnotes, page 1');
    terminal.resize({ cols: 20, rows: 14 });

    const copy = track(await restoredCopy(terminal));
    await Promise.all([terminal.write('\x1b[?1049l'), copy.write('\x1b[?1049l')]);

    expect(copy.cursor()).toEqual(terminal.cursor());
    expect(copy.screenText()).toEqual(terminal.screenText());
  });

  it('clamp an absurd recorded size instead of allocating it', () => {
    const terminal = track(new VirtualTerminal({ cols: 100_000, rows: 0 }));

    expect({ cols: terminal.cols, rows: terminal.rows }).toEqual({ cols: 1000, rows: 1 });
  });
});
