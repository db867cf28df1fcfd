import { Command } from 'commander';
import { connectGateway } from '../gateway-client/connect-gateway';
import { replayEndpoint } from '../terminal-player/replay-endpoint';
import { openViewer } from '../terminal-player/viewer';
import { FollowOutcome, LiveFollow } from './live-follow';
import { resolveLiveSession } from './resolve-live-session';
import { unfollowQueue } from './unfollow-queue';

interface FollowOptions {
  after?: number;
  queue?: string;
  unfollow?: boolean;
  replay?: string;
  json?: boolean;
  wait: number;
}

const QUIT_KEYS = new Set(['q', 'Q', '\x03']);
// `backtrack record` names its session before its first events reach the server: a follow started at once waits.
const DEFAULT_WAIT_SECONDS = 10;

// `backtrack follow`: watch a session live in this terminal, as it is being recorded.
export function registerFollowCommand(program: Command): void {
  program
    .command('follow')
    .argument('<session>', 'a session id, or @USER for that user’s live session')
    .description(
      'Watch a session live in this terminal: its screen now, then everything it prints. Keys: q quits.',
    )
    .option('--after <seq>', 'start after this event instead of at the current screen', parseAfter)
    .option(
      '--queue <name>',
      'a queue of your own on the server that keeps what you miss while away; follow with it again to resume',
      parseQueue,
    )
    .option('--unfollow', 'delete the --queue now instead of following')
    .option(
      '--wait <seconds>',
      'how long to wait for a session the server does not know yet (a recording that just started)',
      parseWait,
      DEFAULT_WAIT_SECONDS,
    )
    .option('--replay <url>', 'the replay server (default: BACKTRACK_REPLAY_URL, else the server)')
    .option('--json', 'print the protocol messages as JSON lines instead of drawing them')
    .action(async (target: string, options: FollowOptions) => {
      const endpoint = replayEndpoint(options);
      if (options.unfollow && !options.queue)
        throw new Error('--unfollow deletes a follow queue: name it with --queue NAME');
      const { sessionId, user } = await resolveLiveSession(target, () => connectGateway());
      if (options.unfollow) {
        await unfollowQueue(endpoint, sessionId, options.queue!);
        process.stderr.write(`deleted queue ${options.queue} of ${sessionId}\n`);
        return;
      }
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
        ...(options.queue !== undefined ? { queue: options.queue } : {}),
        waitForSessionMs: options.wait * 1000,
      });
      let outcome: FollowOutcome;
      try {
        outcome = await follow.run();
      } catch (error) {
        viewer.close();
        throw error;
      }
      viewer.close(lastWords(outcome, follow));
    });
}

function lastWords(outcome: FollowOutcome, follow: LiveFollow): string {
  if (outcome.kind === 'ended')
    return `session ended (${outcome.exitCode === null ? 'no exit code' : `exit ${outcome.exitCode}`})`;
  const { sessionId, seq, queue } = follow;
  const left = seq === undefined ? `left ${sessionId}` : `left ${sessionId} at event ${seq}`;
  if (queue)
    return `${left}; queue ${queue} keeps what comes meanwhile: \`${follow.again()}\` goes on from there, \`backtrack follow ${sessionId} --queue ${queue} --unfollow\` deletes it`;
  if (seq === undefined) return left;
  return `${left}; \`${follow.again()}\` goes on from there`;
}

// As the replay protocol takes it (docs/replay-protocol.md).
function parseQueue(value: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value))
    throw new Error(`--queue must be 1-64 letters, digits, '.', '_' or '-' (got "${value}")`);
  return value;
}

function parseAfter(value: string): number {
  const seq = Number(value);
  if (!/^\d{1,10}$/.test(value) || seq > 2 ** 31 - 1)
    throw new Error(`--after must be an event seq, a whole number from 0 (got "${value}")`);
  return seq;
}

function parseWait(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds > 3600)
    throw new Error(`--wait must be a number of seconds from 0 to 3600 (got "${value}")`);
  return seconds;
}
