import { AnyEvent } from '@backtrack/events';

// The latest live events of a session, bounded in bytes: a follower catching up takes its tail from here, which
// also covers events the projector has not stored yet.
export class RecentEvents {
  private events: Array<{ event: AnyEvent; bytes: number }> = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(events: readonly AnyEvent[], bytes: number): void {
    const each = bytes / Math.max(1, events.length);
    for (const event of events) this.events.push({ event, bytes: each });
    this.bytes += bytes;
    let drop = 0;
    while (this.bytes > this.maxBytes && drop < this.events.length - 1)
      this.bytes -= this.events[drop++]!.bytes;
    if (drop > 0) this.events = this.events.slice(drop);
  }

  // Events after `seq` up to `untilSeq`, at most `limit` of them; undefined when seq + 1 is no longer held.
  after(seq: number, untilSeq: number, limit: number): AnyEvent[] | undefined {
    const first = this.events[0]?.event.seq;
    if (first === undefined || first > seq + 1) return undefined;
    const start = seq + 1 - first;
    return this.events
      .slice(start, start + Math.min(limit, untilSeq - seq))
      .map(({ event }) => event);
  }
}
