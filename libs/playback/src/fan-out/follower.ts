import { AnyEvent } from '@backtrack/events';
import { encodeMessage, ServerMessage } from '../protocol/messages';

// Where a follower's messages go: a WebSocket, a test's array...
export interface FollowerSink {
  // Resolves when the transport has taken the text and can take more: the follower's backpressure.
  send(text: string): Promise<void>;
  // The same, given as the message's UTF-8 bytes, shared by every follower it goes to: a transport that takes bytes
  // is spared encoding each message once per follower (the bulk of a fan-out's CPU). Used instead of send when present.
  sendUtf8?(utf8: Buffer): Promise<void>;
  // Called once `ended` has been handed over: a follow is over when its session is.
  end?(): void;
}

// An encoded message, shared by every follower it goes to.
export interface Outgoing {
  utf8: Buffer;
  bytes: number;
  // The last event in it (or the snapshot's): what the client has once it is sent.
  lastSeq?: number;
  ends?: boolean;
}

export function outgoing(message: ServerMessage): Outgoing {
  const utf8 = Buffer.from(encodeMessage(message));
  return {
    utf8,
    bytes: utf8.length,
    ...(message.type === 'events' ? { lastSeq: lastSeqOf(message.events) } : {}),
    ...(message.type === 'snapshot' ? { lastSeq: message.seq } : {}),
    ...(message.type === 'ended' ? { ends: true } : {}),
  };
}

function lastSeqOf(events: readonly AnyEvent[]): number {
  return events[events.length - 1]?.seq ?? 0;
}

// 'catching-up': reading what it missed, not yet given live events; 'resyncing': waiting for a snapshot after
// falling behind or joining late; 'live': given every event the hub folds.
export type FollowerState = 'catching-up' | 'resyncing' | 'live' | 'closed';

// One client of a session hub: a queue bounded in bytes in front of its sink, drained one message at a time.
export class Follower {
  state: FollowerState;
  // The last seq queued for the client: live events at or below it are not sent again.
  cursor: number;
  // The last seq handed to the sink (sent, or being sent): a `skipped` notice starts after it.
  sentSeq: number;
  private readonly queue: Outgoing[] = [];
  private queuedBytes = 0;
  private inFlightBytes = 0;
  private pumping = false;
  private drainWaiters: Array<{ belowBytes: number; resolve: () => void }> = [];

  constructor(
    private readonly sink: FollowerSink,
    readonly maxBytes: number,
    after: number | undefined,
  ) {
    this.state = after === undefined ? 'resyncing' : 'catching-up';
    this.cursor = after ?? 0;
    this.sentSeq = this.cursor;
  }

  // What this follower holds in memory: queued plus the message the sink is taking.
  bufferedBytes(): number {
    return this.queuedBytes + this.inFlightBytes;
  }

  // Queues a live message unless it would take the follower over its bound; false: skip it ahead instead.
  offer(message: Outgoing): boolean {
    // A message larger than the bound still goes to a follower holding nothing, or it could never get it.
    const holdsNothing = this.bufferedBytes() === 0;
    if (!holdsNothing && this.bufferedBytes() + message.bytes > this.maxBytes) return false;
    this.push(message);
    return true;
  }

  // Queues a message whatever the bound: catch-up (which waits for room first), snapshots and notices.
  push(message: Outgoing): void {
    if (this.state === 'closed') return;
    this.queue.push(message);
    this.queuedBytes += message.bytes;
    if (message.lastSeq !== undefined) this.cursor = Math.max(this.cursor, message.lastSeq);
    void this.pump();
  }

  // Forgets what is queued and not yet taken by the sink (the message in flight goes on).
  dropQueued(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.notifyDrained();
  }

  // Resolves once at most `belowBytes` are held, or the follower closed.
  drained(belowBytes: number): Promise<void> {
    if (this.bufferedBytes() <= belowBytes || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ belowBytes, resolve }));
  }

  close(): void {
    this.state = 'closed';
    this.dropQueued();
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.state !== 'closed') {
        const message = this.queue.shift()!;
        this.queuedBytes -= message.bytes;
        this.inFlightBytes = message.bytes;
        if (message.lastSeq !== undefined) this.sentSeq = message.lastSeq;
        if (this.sink.sendUtf8) await this.sink.sendUtf8(message.utf8);
        else await this.sink.send(message.utf8.toString());
        this.inFlightBytes = 0;
        this.notifyDrained();
        if (message.ends) this.sink.end?.();
      }
    } catch {
      this.close(); // the transport is gone; its owner removes the follower
    } finally {
      this.inFlightBytes = 0;
      this.pumping = false;
    }
  }

  private notifyDrained(): void {
    const held = this.bufferedBytes();
    this.drainWaiters = this.drainWaiters.filter((waiter) => {
      if (held > waiter.belowBytes) return true;
      waiter.resolve();
      return false;
    });
  }
}
