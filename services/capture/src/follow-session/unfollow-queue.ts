import { followUrl, ReplayEndpoint } from '../terminal-player/replay-endpoint';
import { openReplaySocket } from '../terminal-player/replay-socket';
import { withQueue } from './live-follow';

// `backtrack follow SESSION --queue NAME --unfollow`: the server deletes the queue, then closes the connection.
export function unfollowQueue(
  endpoint: ReplayEndpoint,
  sessionId: string,
  queue: string,
): Promise<void> {
  const failed = (why: string) =>
    new Error(`could not delete queue ${queue} of ${sessionId}: ${why}`);
  return new Promise((resolve, reject) => {
    let said: string | undefined;
    openReplaySocket(withQueue(followUrl(endpoint, sessionId), queue), endpoint.token, {
      message: (message) => {
        if (message.type === 'error') said = message.message;
      },
      // A session that ended deletes its queues by itself (reason "session ended").
      closed: (code, reason) =>
        code === 1000
          ? resolve()
          : reject(failed(said ?? `the server closed with ${code}${reason ? ` (${reason})` : ''}`)),
    }).then(
      (socket) => socket.send({ type: 'unfollow' }),
      (error: Error) => reject(failed(error.message)),
    );
  });
}
