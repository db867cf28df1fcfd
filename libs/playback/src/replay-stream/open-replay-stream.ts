import { Queryable } from '@backtrack/store';
import { Clock } from '../clock/clock';
import { LiveHubs } from '../fan-out/live-hubs';
import { DurableFollows } from '../follow-durably/durable-follows';
import { QueueOwner } from '../follow-durably/follow-queue-group';
import { FollowSink } from '../follow-session/follow-session';
import { SessionPlayer } from '../play-session/session-player';
import { ClientControl, encodeMessage, Hello, MomentMessage } from '../protocol/messages';
import { SeekOptions, SeekTarget } from '../seek/screen-at';

export interface ReplayDeps {
  db: Queryable;
  hubs: LiveHubs;
  // Follows with a queue of their own (?queue=NAME); without it such a follow is refused.
  durable?: DurableFollows;
  clock?: Clock;
  seek?: SeekOptions;
}

// One client's follow or playback, whatever carries its messages.
export interface ReplayStream {
  control(message: ClientControl): void;
  close(): Promise<void>;
}

export class ControlRefused extends Error {}

// Starts what `hello` asks for; messages go to the sink as protocol text. A follow that cannot go on (its catch-up
// from the store failed) ends through `sink.fail`.
export async function openReplayStream(
  hello: Hello,
  sink: FollowSink,
  deps: ReplayDeps,
  // Who is watching: a follow's queue is theirs alone.
  viewer?: QueueOwner,
): Promise<ReplayStream> {
  if (hello.mode === 'follow' && hello.queue !== undefined) {
    if (!deps.durable) throw new Error('this replay server keeps no follow queues (it has no bus)');
    if (!viewer) throw new Error('a follow with a queue needs to know whose queue it is');
    const follow = await deps.durable.follow({
      sessionId: hello.sessionId,
      owner: viewer,
      queue: hello.queue,
      after: hello.after,
      sink,
    });
    return {
      control: (message) => {
        if (message.type === 'unfollow') return follow.unfollow();
        throw new ControlRefused(
          `"${message.type}" controls playback; a follow is live and takes only unfollow`,
        );
      },
      close: () => follow.stop(),
    };
  }
  if (hello.mode === 'follow') {
    const handle = await deps.hubs.follow(
      hello.sessionId,
      sink,
      hello.after !== undefined ? { after: hello.after } : {},
    );
    return {
      control: (message) => {
        if (message.type === 'unfollow')
          throw new ControlRefused(
            'unfollow deletes a follow queue; this follow has none (follow with ?queue=NAME)',
          );
        throw new ControlRefused(
          `"${message.type}" controls playback; a follow is live and takes none`,
        );
      },
      close: async () => handle.close(),
    };
  }
  const player = new SessionPlayer(
    deps.db,
    hello.sessionId,
    (message) => sink.send(encodeMessage(message)),
    {
      ...(hello.speed !== undefined ? { speed: hello.speed } : {}),
      ...(hello.idleLimit !== undefined ? { idleLimitMs: hello.idleLimit * 1000 } : {}),
      ...(hello.from ? { from: seekTarget(hello.from) } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.seek ? { seek: deps.seek } : {}),
    },
  );
  void player
    .start()
    .catch((error: Error) =>
      sink
        .send(encodeMessage({ type: 'error', message: `playback failed: ${error.message}` }))
        .catch(() => undefined),
    );
  return {
    control: (message) => controlPlayer(player, message),
    close: () => player.stop(),
  };
}

function controlPlayer(player: SessionPlayer, message: ClientControl): void {
  switch (message.type) {
    case 'pause':
      return player.pause();
    case 'resume':
      return player.resume();
    case 'speed':
      return player.setSpeed(message.speed);
    case 'next-command':
      return player.nextCommand();
    case 'seek':
      return player.seek(seekTarget(message));
    case 'unfollow':
      throw new ControlRefused('unfollow deletes a follow queue; a playback has none');
  }
}

// The protocol counts time in seconds, playback in ms.
function seekTarget(moment: MomentMessage): SeekTarget {
  return 'seq' in moment ? { seq: moment.seq } : { time: moment.time * 1000 };
}
