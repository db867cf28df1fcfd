import { Command } from 'commander';
import { MOMENT_FORMS, MomentArgument, parseMoment } from '../share-moment/parse-moment';
import { PlayQuery, replayEndpoint } from '../terminal-player/replay-endpoint';
import { openViewer } from '../terminal-player/viewer';
import { MAX_SPEED, playKey } from './play-keys';
import { PlayOutcome, RecordingPlayer } from './recording-player';

interface PlayOptions {
  speed?: number;
  idleLimit?: number;
  replay?: string;
  json?: boolean;
}

// `backtrack play`: a recorded session replayed in this terminal, paced as it was recorded.
export function registerPlayCommand(program: Command): void {
  program
    .command('play')
    .argument('<moment>', `SESSION, or SESSION@TIME to start there, TIME being ${MOMENT_FORMS}`)
    .description(
      'Replay a session in this terminal as it was recorded. Keys: space pause/resume, + and - (or > and <) speed ×2 and ÷2, n next command, q quit.',
    )
    .option('--speed <x>', `play x times faster (0 < x <= ${MAX_SPEED}; default 1)`, parseSpeed)
    .option(
      '--idle-limit <seconds>',
      'no pause lasts longer than this on the wall clock (after the speed is applied)',
      parseIdleLimit,
    )
    .option('--replay <url>', 'the replay server (default: BACKTRACK_REPLAY_URL, else the server)')
    .option('--json', 'print the protocol messages as JSON lines instead of drawing them')
    .action(async (argument: string, options: PlayOptions) => {
      const moment = parseMoment(argument);
      const endpoint = replayEndpoint(options);
      // eslint-disable-next-line prefer-const -- assigned once below; the key handler made first reads it
      let player: RecordingPlayer | undefined;
      const viewer = openViewer({
        json: options.json === true,
        onKey: (typed) => {
          const key = playKey(typed);
          if (key) player?.key(key);
        },
        onStop: () => player?.quit(),
      });
      player = new RecordingPlayer(
        endpoint,
        moment.sessionId,
        viewer.view,
        playQuery(moment, options),
      );
      let outcome: PlayOutcome;
      try {
        outcome = await player.run();
      } catch (error) {
        viewer.close();
        throw error;
      }
      viewer.close(lastWords(outcome, moment.sessionId));
    });
}

function playQuery(moment: MomentArgument, options: PlayOptions): PlayQuery {
  const at = moment.at;
  return {
    ...(options.speed !== undefined ? { speed: options.speed } : {}),
    ...(options.idleLimit !== undefined ? { idleLimit: options.idleLimit } : {}),
    ...(at ? { from: 'seq' in at ? { seq: at.seq } : { time: at.offsetMs / 1000 } } : {}),
  };
}

function lastWords(outcome: PlayOutcome, sessionId: string): string {
  if (outcome.kind === 'quit')
    return outcome.seq
      ? `stopped at event ${outcome.seq}; \`backtrack play ${sessionId}@#${outcome.seq}\` goes on from there`
      : 'stopped';
  const exit = outcome.exitCode === null ? 'no exit code' : `exit ${outcome.exitCode}`;
  return `played ${sessionId} to the end in ${(outcome.wallMs / 1000).toFixed(1)}s of wall time (${exit})`;
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!(speed > 0 && speed <= MAX_SPEED))
    throw new Error(`--speed must be a number above 0 and at most ${MAX_SPEED} (got "${value}")`);
  return speed;
}

function parseIdleLimit(value: string): number {
  const seconds = Number(value.replace(/s$/, ''));
  if (!(seconds > 0 && Number.isFinite(seconds)))
    throw new Error(
      `--idle-limit must be a number of seconds above 0, e.g. 1 or 0.5 (got "${value}")`,
    );
  return seconds;
}
