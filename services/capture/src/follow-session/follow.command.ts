import { Command } from 'commander';
import { connectGateway } from '../gateway-client/connect-gateway';
import { replayEndpoint } from '../terminal-player/replay-endpoint';
import { openViewer } from '../terminal-player/viewer';
import { FollowOutcome, LiveFollow } from './live-follow';
import { resolveLiveSession } from './resolve-live-session';

interface FollowOptions {
  after?: number;
  replay?: string;
  json?: boolean;
}

const QUIT_KEYS = new Set(['q', 'Q', '\x03']);

// `backtrack follow`: watch a session live in this terminal, as it is being recorded.
export function registerFollowCommand(program: Command): void {
  program
    .command('follow')
    .argument('<session>', 'a session id, or @USER for that user’s live session')
    .description(
      'Watch a session live in this terminal: its screen now, then everything it prints. Keys: q quits.',
    )
    .option('--after <seq>', 'start after this event instead of at the current screen', parseAfter)
    .option('--replay <url>', 'the replay server (default: BACKTRACK_REPLAY_URL, else the server)')
    .option('--json', 'print the protocol messages as JSON lines instead of drawing them')
    .action(async (target: string, options: FollowOptions) => {
      const endpoint = replayEndpoint(options);
      const { sessionId, user } = await resolveLiveSession(target, () => connectGateway());
      process.stderr.write(
        `following ${user ? `${user}'s live session ` : ''}${sessionId} from ${endpoint.base}\n`,
      );
      // eslint-disable-next-line prefer-const -- assigned once below; the key handler made first reads it
      let follow: LiveFollow | undefined;
      const viewer = openViewer({
        json: options.json === true,
        onKey: (key) => {
          if (QUIT_KEYS.has(key)) follow?.quit();
        },
        onStop: () => follow?.quit(),
      });
      follow = new LiveFollow(endpoint, sessionId, viewer.view, {
        ...(options.after !== undefined ? { after: options.after } : {}),
      });
      let outcome: FollowOutcome;
      try {
        outcome = await follow.run();
      } catch (error) {
        viewer.close();
        throw error;
      }
      viewer.close(lastWords(outcome, sessionId, follow.seq));
    });
}

function lastWords(outcome: FollowOutcome, sessionId: string, seq: number | undefined): string {
  if (outcome.kind === 'ended')
    return `session ended (${outcome.exitCode === null ? 'no exit code' : `exit ${outcome.exitCode}`})`;
  if (seq === undefined) return `left ${sessionId}`;
  return `left ${sessionId} at event ${seq}; \`backtrack follow ${sessionId} --after ${seq}\` goes on from there`;
}

function parseAfter(value: string): number {
  const seq = Number(value);
  if (!/^\d{1,10}$/.test(value) || seq > 2 ** 31 - 1)
    throw new Error(`--after must be an event seq, a whole number from 0 (got "${value}")`);
  return seq;
}
