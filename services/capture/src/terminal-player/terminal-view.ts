import type { ServerMessage } from '@backtrack/playback';
import type { AnyEvent } from '@backtrack/events';
import { NoticeStyle, ReplayView } from './replay-view';
import { altScreenAfter, restoreSequence } from './terminal-modes';

interface Size {
  cols: number;
  rows: number;
}

// stdout as the view uses it: a terminal has a size, a pipe or a file has none.
export interface ViewOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

const STYLES: Record<NoticeStyle, [string, string]> = {
  dim: ['\x1b[2m', '\x1b[22m'],
  status: ['\x1b[7m', '\x1b[27m'],
};

// Draws the session in the user's terminal as docs/replay-protocol.md says: a snapshot resets it and redraws the
// screen, output is written as it comes. On a terminal, remarks go on its bottom line; elsewhere to stderr.
export class TerminalView implements ReplayView {
  private altScreen = false;
  private noticeShown = false;
  private tooSmallFor = '';

  constructor(
    private readonly out: ViewOutput,
    private readonly err: { write(text: string): unknown },
  ) {}

  show(message: ServerMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.noticeShown = false; // the reset wiped it
        this.write(`\x1bc${message.screen}`);
        return this.sessionSized({ cols: message.cols, rows: message.rows });
      case 'events':
        for (const event of message.events) this.showEvent(event);
        return;
      case 'skipped':
        return this.notice(
          `skipped events ${message.fromSeq}-${message.toSeq} (this terminal read too slowly); the screen is redrawn`,
          'dim',
        );
      case 'error':
        return this.notice(`replay server: ${message.message}`, 'dim');
      case 'ended':
      case 'state':
        return;
    }
  }

  notice(text: string, style: NoticeStyle = 'status'): void {
    const local = this.localSize();
    if (!local) {
      this.err.write(`${text}\n`);
      return;
    }
    const [on, off] = STYLES[style];
    const fitted =
      text.length < local.cols ? text : `${text.slice(0, Math.max(local.cols - 2, 0))}…`;
    this.out.write(`\x1b7\x1b[${local.rows};1H\x1b[2K${on}${fitted}${off}\x1b8`);
    this.noticeShown = true;
  }

  clearNotice(): void {
    const local = this.localSize();
    if (!local || !this.noticeShown) return;
    this.out.write(`\x1b7\x1b[${local.rows};1H\x1b[2K\x1b8`);
    this.noticeShown = false;
  }

  close(lastLine?: string): void {
    if (!this.localSize()) {
      if (lastLine) this.err.write(`${lastLine}\n`);
      return;
    }
    this.clearNotice();
    // Goes on where the session's cursor is, as a shell prompt after the session's output would.
    this.out.write(`${restoreSequence(this.altScreen)}\r\n${lastLine ? `${lastLine}\r\n` : ''}`);
  }

  private showEvent(event: AnyEvent): void {
    if (event.type === 'terminal.output') this.write(event.payload.data);
    else if (event.type === 'terminal.resize') this.sessionSized(event.payload);
    else if (event.type === 'session.started' && event.payload.cols && event.payload.rows)
      this.sessionSized({ cols: event.payload.cols, rows: event.payload.rows });
  }

  private write(data: string): void {
    this.altScreen = altScreenAfter(data, this.altScreen);
    this.out.write(data);
  }

  // A terminal smaller than the session's wraps and scrolls its screen: say so once per size.
  private sessionSized(size: Size): void {
    const local = this.localSize();
    if (!local) return;
    const tooSmall = local.cols < size.cols || local.rows < size.rows;
    const key = `${size.cols}x${size.rows}/${local.cols}x${local.rows}`;
    if (!tooSmall || key === this.tooSmallFor) return;
    this.tooSmallFor = key;
    this.notice(
      `the session is ${size.cols}x${size.rows} and this terminal ${local.cols}x${local.rows}: enlarge it to see the whole screen`,
    );
  }

  private localSize(): Size | undefined {
    if (!this.out.isTTY || !this.out.columns || !this.out.rows) return undefined;
    return { cols: this.out.columns, rows: this.out.rows };
  }
}
