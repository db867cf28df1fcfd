export interface CoalescerOptions {
  // Flush once no text arrived for this long: a burst becomes one event, a keystroke echo still shows at once.
  quietMs: number;
  // Flush as soon as this much text waits, so a long stream keeps flowing and events stay small.
  maxChars: number;
}

export const DEFAULT_COALESCING: CoalescerOptions = { quietMs: 5, maxChars: 64 * 1024 };

export type FlushHandler = (text: string, firstAt: number) => void;

// Joins the many small chunks a PTY delivers into fewer, larger pieces of text; one timer, however many chunks.
export class OutputCoalescer {
  private pieces: string[] = [];
  private chars = 0;
  private firstAt = 0;
  private lastAt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onFlush: FlushHandler,
    private readonly options: CoalescerOptions = DEFAULT_COALESCING,
  ) {}

  get isEmpty(): boolean {
    return this.chars === 0;
  }

  add(text: string, at: number): void {
    if (text === '') return;
    if (this.chars === 0) this.firstAt = at;
    this.pieces.push(text);
    this.chars += text.length;
    this.lastAt = at;
    if (this.chars >= this.options.maxChars) this.flush();
    else if (!this.timer) this.timer = setTimeout(this.onQuietCheck, this.options.quietMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.chars === 0) return;
    const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join('');
    const firstAt = this.firstAt;
    this.pieces = [];
    this.chars = 0;
    this.onFlush(text, firstAt);
  }

  // Drops the pending timer without emitting, for shutdown after a final flush.
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onQuietCheck = (): void => {
    this.timer = undefined;
    const quietFor = Date.now() - this.lastAt;
    if (quietFor >= this.options.quietMs) this.flush();
    else this.timer = setTimeout(this.onQuietCheck, this.options.quietMs - quietFor);
  };
}
