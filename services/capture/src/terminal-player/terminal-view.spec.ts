import { AnyEvent } from '@backtrack/events';
import { event, terminalOutput } from '@backtrack/testing';
import { TerminalView } from './terminal-view';

class FakeStream {
  written = '';
  constructor(readonly size?: { cols: number; rows: number }) {}
  get isTTY(): boolean {
    return this.size !== undefined;
  }
  get columns(): number | undefined {
    return this.size?.cols;
  }
  get rows(): number | undefined {
    return this.size?.rows;
  }
  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

function viewOn(size?: { cols: number; rows: number }) {
  const out = new FakeStream(size);
  const err = new FakeStream();
  return { out, err, view: new TerminalView(out, err) };
}

const events = (...list: AnyEvent[]) => ({ type: 'events' as const, events: list });

describe('drawing a session in the user terminal', () => {
  it('resets the terminal for a snapshot, then writes output as it comes, nothing else', () => {
    const { out, err, view } = viewOn();
    view.show({ type: 'snapshot', seq: 4, cols: 80, rows: 24, screen: 'screen so far' });
    view.show(
      events(
        terminalOutput('s-1', 5, 'more\r\n'),
        event('s-1', 6, 'terminal.marker', { label: 'x' }),
      ),
    );

    expect(out.written).toBe('\x1bcscreen so farmore\r\n');
    expect(err.written).toBe('');
  });

  it('on a pipe, tells skips and the last line on stderr and keeps stdout for the session', () => {
    const { out, err, view } = viewOn();
    view.show({ type: 'skipped', fromSeq: 51, toSeq: 900 });
    view.close('session ended (exit 0)');

    expect(out.written).toBe('');
    expect(err.written).toBe(
      'skipped events 51-900 (this terminal read too slowly); the screen is redrawn\nsession ended (exit 0)\n',
    );
  });

  it('on a smaller terminal, says so once on its bottom line, keeping the cursor where it was', () => {
    const { out, view } = viewOn({ cols: 80, rows: 24 });
    view.show({ type: 'snapshot', seq: 0, cols: 120, rows: 30, screen: '' });
    view.show(events(event('s-1', 1, 'terminal.resize', { cols: 120, rows: 30 })));

    const notices = out.written.match(/\x1b7\x1b\[24;1H\x1b\[2K\x1b\[7m(.*?)\x1b\[27m\x1b8/g) ?? [];
    expect(notices).toHaveLength(1);
    const text = /\x1b\[7m(.*?)\x1b\[27m/.exec(notices[0]!)![1]!;
    expect(text).toMatch(/^the session is 120x30 and this terminal 80x24: enlarge it/);
    expect(text.length).toBeLessThan(80); // one line, never wrapping into the screen
  });

  it('gives the terminal back: cursor shown, modes reset, out of the alternate screen the session entered', () => {
    const { out, view } = viewOn({ cols: 120, rows: 30 });
    view.show({ type: 'snapshot', seq: 0, cols: 120, rows: 20, screen: '' });
    view.show(events(terminalOutput('s-1', 1, '\x1b[?1049h\x1b[?25lvim')));
    out.written = '';
    view.close('session ended (exit 0)');

    expect(out.written).toContain('\x1b[?25h');
    expect(out.written).toContain('\x1b[?1049l');
    expect(out.written.endsWith('\x1b[?1049l\r\nsession ended (exit 0)\r\n')).toBe(true);
  });

  it('leaves the alternate screen alone when the session left it itself', () => {
    const { out, view } = viewOn({ cols: 120, rows: 30 });
    view.show(events(terminalOutput('s-1', 1, '\x1b[?1049hless\x1b[?1049l$ ')));
    out.written = '';
    view.close();

    expect(out.written).not.toContain('\x1b[?1049l');
  });
});
