import { AnyEvent } from '@backtrack/events';

// The replay protocol, the same over any transport (docs/replay-protocol.md). JSON text, one message per frame.
// Times are in seconds, as asciinema's players take them; seqs are the events' own.

export interface FollowHello {
  type: 'hello';
  sessionId: string;
  mode: 'follow';
  // The last seq the client has: it gets exactly what came after. Without it: the current screen, then live.
  after?: number;
  // A queue of this follower's own on the bus (1-64 of [A-Za-z0-9_.-]), kept while it is away and resumed when it comes
  // back with the same name; deleted once it got `ended`, or on `unfollow`.
  queue?: string;
}

export interface PlayHello {
  type: 'hello';
  sessionId: string;
  mode: 'play';
  speed?: number;
  // Seconds: no pause lasts longer on the wall clock.
  idleLimit?: number;
  from?: MomentMessage;
}

export type Hello = FollowHello | PlayHello;

// A moment: an event, or seconds from the session's first event.
export type MomentMessage = { seq: number } | { time: number };

export type ClientControl =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'speed'; speed: number }
  | { type: 'next-command' }
  | ({ type: 'seek' } & MomentMessage)
  // Follow with a queue only: delete the queue now; the server then closes the connection (1000).
  | { type: 'unfollow' };

export type ClientMessage = Hello | ClientControl;

export interface SnapshotMessage {
  type: 'snapshot';
  // The screen right after this event (0: before any).
  seq: number;
  cols: number;
  rows: number;
  // Write it to a fresh terminal of cols x rows to show the screen.
  screen: string;
}

export interface EventsMessage {
  type: 'events';
  events: AnyEvent[];
}

// Events fromSeq..toSeq were not sent (the client read too slowly); the snapshot that follows covers them.
export interface SkippedMessage {
  type: 'skipped';
  fromSeq: number;
  toSeq: number;
}

export interface EndedMessage {
  type: 'ended';
  // null: the session reported none, or (play) the recording goes on and playback caught up with it.
  exitCode: number | null;
}

// Playback position and settings, sent after every control.
export interface StateMessage {
  type: 'state';
  paused: boolean;
  speed: number;
  seq: number;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type ServerMessage =
  SnapshotMessage | EventsMessage | SkippedMessage | EndedMessage | StateMessage | ErrorMessage;

export function encodeMessage(message: ServerMessage): string {
  return JSON.stringify(message);
}
