import { splitByBytes } from '@backtrack/events';
import { StreamRedactor } from '../record-terminal/redaction';
import { CoalescerOptions, DEFAULT_COALESCING, OutputCoalescer } from './output-coalescer';

// Largest text in one output or input event: JSON escaping can grow it up to 6x, still under the 1 MiB event limit.
// Twice the coalescer's flush size, so the usual piece needs no (character by character) splitting.
export const MAX_EVENT_TEXT_BYTES = 128 * 1024;
// Text the redactor holds back (a possible secret's beginning) is released after this much quiet.
const RELEASE_HELD_BACK_MS = 250;

// One direction of terminal text (output or typed input): coalesced, redacted as a stream, cut into event-sized pieces.
export class RedactedStream {
  private readonly coalescer: OutputCoalescer;
  private releaseTimer: NodeJS.Timeout | undefined;
  private heldSince = 0;

  constructor(
    private readonly redactor: StreamRedactor,
    private readonly emit: (text: string, at: number) => void,
    options: CoalescerOptions = DEFAULT_COALESCING,
  ) {
    this.coalescer = new OutputCoalescer(
      (text, at) => this.publish(this.redactor.push(text), at, true),
      options,
    );
  }

  add(text: string, at: number): void {
    this.coalescer.add(text, at);
  }

  // Everything received so far becomes events now: before a command boundary or at the end.
  flush(): void {
    this.coalescer.flush();
    this.clearReleaseTimer();
    this.publish(this.redactor.flush(), this.heldSince || Date.now(), false);
  }

  dispose(): void {
    this.coalescer.dispose();
    this.clearReleaseTimer();
  }

  private publish(text: string, at: number, mayHoldBack: boolean): void {
    for (const piece of text === '' ? [] : splitByBytes(text, MAX_EVENT_TEXT_BYTES))
      this.emit(piece, at);
    if (!mayHoldBack) return;
    this.heldSince = at;
    this.clearReleaseTimer();
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      this.publish(this.redactor.flush(), this.heldSince, false);
    }, RELEASE_HELD_BACK_MS);
  }

  private clearReleaseTimer(): void {
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
  }
}
