import { Follower, FollowerSink, outgoing } from '../fan-out/follower';
import { SessionHub } from '../fan-out/session-hub';
import { encodeMessage } from '../protocol/messages';

// A follower's sink that can also end a follow that cannot go on (over WebSockets: `error`, then close 1011).
export interface FollowSink extends FollowerSink {
  fail?(message: string): void;
  // Ends the connection with a close code and reason (a follow with a queue: 1000 once it is deleted, 1008 when
  // another connection took the queue over).
  close?(code: number, reason: string): void;
}

export interface FollowHandle {
  readonly follower: Follower;
  // The client left: stop sending and forget it.
  close(): void;
}

// Live follow with no gap and no duplicate. Without `after`: the current screen, then every later event. With it:
// exactly the events after `after` (from the hub's recent events or the store), then live. The hub fans out live
// events only to followers that caught up, and catching up ends in a synchronous check, so none falls between.
export function followSession(hub: SessionHub, sink: FollowSink, after?: number): FollowHandle {
  const follower = new Follower(sink, hub.options.maxFollowerBytes, after);
  hub.followers.add(follower);
  if (after === undefined) hub.sendSnapshot(follower);
  else
    void catchUp(hub, follower).catch((error: Error) =>
      failFollow(follower, sink, `catching up failed: ${error.message}`),
    );
  return {
    follower,
    close: () => {
      follower.close();
      hub.followers.delete(follower);
    },
  };
}

// A follow with a hole in it is worse than none: nothing queued goes out after the error, and the client is told why.
function failFollow(follower: Follower, sink: FollowSink, message: string): void {
  if (follower.state === 'closed') return; // the client left first
  follower.close();
  if (sink.fail) return sink.fail(message);
  sink.send(encodeMessage({ type: 'error', message })).catch(() => undefined);
}

async function catchUp(hub: SessionHub, follower: Follower): Promise<void> {
  const { pageSize, retryMs } = hub.options;
  while (!hub.attachIfCaughtUp(follower)) {
    await follower.drained(follower.maxBytes / 2); // a slow client slows its catch-up, not the hub
    if (follower.state === 'closed') return;
    const events = await hub.eventsAfter(follower.cursor, pageSize);
    if (events.length > 0) follower.push(outgoing({ type: 'events', events }));
    // Nothing yet: the hub got them from the bus and the store has not (the projector lags); ask again soon.
    else await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
  }
}
