import type { ServerMessage } from '@backtrack/playback';

// Where a follow or a playback is shown: the user's terminal, a pipe, or JSON lines for scripts.
export interface ReplayView {
  // Draws what the server sent; `ended` and `state` are the caller's to word.
  show(message: ServerMessage): void;
  // A remark beside the session's screen (reconnecting, skipped, too small); replaces the previous one.
  notice(text: string, style?: NoticeStyle): void;
  clearNotice(): void;
  // Gives the terminal back as it was and prints the last line, if any.
  close(lastLine?: string): void;
}

export type NoticeStyle = 'dim' | 'status';

export class JsonLinesView implements ReplayView {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream,
  ) {}

  show(message: ServerMessage): void {
    this.out.write(`${JSON.stringify(message)}\n`);
  }

  notice(text: string): void {
    this.err.write(`${text}\n`);
  }

  clearNotice(): void {}

  close(lastLine?: string): void {
    if (lastLine) this.err.write(`${lastLine}\n`);
  }
}
