import { AnyEvent } from '@backtrack/events';
import { Queryable, readSessionEvents } from '@backtrack/store';
import { DEFAULT_PAGE_SIZE } from '../session-events/session-events';

// Reads a session forward from a seq, a page at a time, fetching the next page while the current one plays.
export class EventReader {
  private buffer: AnyEvent[] = [];
  private fetching: Promise<void> | undefined;
  private exhausted = false;

  constructor(
    private readonly db: Queryable,
    private readonly sessionId: string,
    private lastSeq: number,
    private readonly pageSize = DEFAULT_PAGE_SIZE,
  ) {}

  // The next event without taking it; undefined at the end of what is stored.
  async peek(): Promise<AnyEvent | undefined> {
    if (this.buffer.length === 0 && !this.exhausted) await this.fetch();
    this.prefetch();
    return this.buffer[0];
  }

  // Takes the buffered events (the next one first) while `belongs` holds; call after peek().
  takeWhile(belongs: (event: AnyEvent) => boolean): AnyEvent[] {
    let count = 0;
    while (count < this.buffer.length && belongs(this.buffer[count]!)) count++;
    return this.buffer.splice(0, count);
  }

  private prefetch(): void {
    if (!this.exhausted && this.buffer.length < this.pageSize / 2)
      void this.fetch().catch(() => undefined);
  }

  private fetch(): Promise<void> {
    this.fetching ??= this.fetchPage().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchPage(): Promise<void> {
    const page = await readSessionEvents(this.db, this.sessionId, {
      afterSeq: this.lastSeq,
      limit: this.pageSize,
    });
    if (page.length < this.pageSize) this.exhausted = true;
    if (page.length > 0) this.lastSeq = page[page.length - 1]!.seq;
    this.buffer.push(...page);
  }
}
