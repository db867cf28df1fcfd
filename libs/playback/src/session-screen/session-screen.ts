import { AnyEvent } from '@backtrack/events';
import { DEFAULT_SIZE, TerminalSize, VirtualTerminal } from '../virtual-terminal/virtual-terminal';

// The screen of a session right after event `seq` (0: before any event), as text that redraws it.
export interface ScreenSnapshot {
  sessionId: string;
  seq: number;
  // Epoch ms of event `seq`; undefined before the first event.
  at: number | undefined;
  cols: number;
  rows: number;
  screen: string;
}

// A session's events folded, in seq order, into a virtual terminal.
export class SessionScreen {
  private missing = 0;

  private constructor(
    readonly sessionId: string,
    private readonly terminal: VirtualTerminal,
    private lastSeq: number,
    private lastAt: number | undefined,
  ) {}

  static blank(sessionId: string, size: TerminalSize = DEFAULT_SIZE): SessionScreen {
    return new SessionScreen(sessionId, new VirtualTerminal(size), 0, undefined);
  }

  static async fromSnapshot(snapshot: ScreenSnapshot): Promise<SessionScreen> {
    const terminal = await VirtualTerminal.restore(snapshot.screen, snapshot);
    return new SessionScreen(snapshot.sessionId, terminal, snapshot.seq, snapshot.at);
  }

  get seq(): number {
    return this.lastSeq;
  }

  get at(): number | undefined {
    return this.lastAt;
  }

  // Events that never made it into the store (a hole left by a rejected event) cannot be waited for; callers that
  // can still get them (a live hub) wait before applying. Events at or below the current seq are already in.
  get missingEvents(): number {
    return this.missing;
  }

  async apply(events: readonly AnyEvent[]): Promise<void> {
    let pending = '';
    const flush = async () => {
      if (pending === '') return;
      const data = pending;
      pending = '';
      await this.terminal.write(data);
    };
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      this.missing += event.seq - this.lastSeq - 1;
      const size = sizeChange(event);
      if (size) {
        await flush(); // output before a resize is laid out at the old size
        this.terminal.resize(size);
      } else if (event.type === 'terminal.output') {
        pending += event.payload.data;
      }
      this.lastSeq = event.seq;
      this.lastAt = event.at;
    }
    await flush();
  }

  snapshot(): ScreenSnapshot {
    return {
      sessionId: this.sessionId,
      seq: this.lastSeq,
      at: this.lastAt,
      cols: this.terminal.cols,
      rows: this.terminal.rows,
      screen: this.terminal.serialize(),
    };
  }

  screenText(): string[] {
    return this.terminal.screenText();
  }

  dispose(): void {
    this.terminal.dispose();
  }
}

function sizeChange(event: AnyEvent): TerminalSize | undefined {
  if (event.type === 'terminal.resize') return event.payload;
  if (event.type === 'session.started' && event.payload.cols && event.payload.rows)
    return { cols: event.payload.cols, rows: event.payload.rows };
  return undefined;
}

export function outputBytes(event: AnyEvent): number {
  return event.type === 'terminal.output' ? Buffer.byteLength(event.payload.data) : 0;
}
