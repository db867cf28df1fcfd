import {
  PlayQuery,
  playUrl,
  ReplayEndpoint,
  unreachable,
} from '../terminal-player/replay-endpoint';
import { openReplaySocket, ReplayRefused, ReplaySocket } from '../terminal-player/replay-socket';
import { ReplayView } from '../terminal-player/replay-view';
import { nextSpeed, PlayKey } from './play-keys';

export type PlayOutcome =
  | { kind: 'ended'; exitCode: number | null; wallMs: number }
  | { kind: 'quit'; seq: number | undefined };

// One playback: shows what the server paces, turns keys into controls, and times the whole run.
export class RecordingPlayer {
  private socket: ReplaySocket | undefined;
  private state: { paused: boolean; speed: number } | undefined;
  private lastSeq: number | undefined;
  private startedAt: number | undefined;
  private finish: ((outcome: PlayOutcome) => void) | undefined;

  constructor(
    private readonly endpoint: ReplayEndpoint,
    private readonly sessionId: string,
    private readonly view: ReplayView,
    private readonly query: PlayQuery,
    private readonly now: () => number = () => performance.now(),
  ) {}

  run(): Promise<PlayOutcome> {
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      const url = playUrl(this.endpoint, this.sessionId, this.query);
      openReplaySocket(url, this.endpoint.token, {
        message: (message) => {
          this.view.show(message);
          if (message.type === 'snapshot') {
            this.startedAt ??= this.now();
            this.lastSeq = message.seq;
          } else if (message.type === 'events' && message.events.length > 0) {
            this.lastSeq = message.events[message.events.length - 1]!.seq;
          } else if (message.type === 'state') {
            if (this.state) this.view.notice(stateText(message), 'dim');
            this.state = { paused: message.paused, speed: message.speed };
          } else if (message.type === 'ended') {
            const wallMs = this.now() - (this.startedAt ?? this.now());
            resolve({ kind: 'ended', exitCode: message.exitCode, wallMs });
            this.socket?.close();
          }
        },
        closed: (code, reason) =>
          reject(new Error(this.lost(`closed with ${code}${reason ? `: ${reason}` : ''}`))),
      }).then(
        (socket) => (this.socket = socket),
        (error: Error) => {
          const why =
            error instanceof ReplayRefused
              ? error.message
              : unreachable(this.endpoint, error.message);
          reject(new Error(`cannot play ${this.sessionId}: ${why}`));
        },
      );
    });
  }

  key(key: PlayKey): void {
    if (key === 'quit') return this.quit();
    if (!this.state) return; // not started yet: nothing to control
    if (key === 'pause-or-resume')
      this.socket?.send({ type: this.state.paused ? 'resume' : 'pause' });
    else if (key === 'next-command') this.socket?.send({ type: 'next-command' });
    else this.socket?.send({ type: 'speed', speed: nextSpeed(this.state.speed, key) });
  }

  quit(): void {
    this.finish?.({ kind: 'quit', seq: this.lastSeq });
    this.socket?.close();
  }

  private lost(why: string): string {
    const again = this.lastSeq ? `${this.sessionId}@#${this.lastSeq}` : this.sessionId;
    return `lost the connection to ${this.endpoint.base} during playback (${why}); go on with \`backtrack play ${again}\``;
  }
}

function stateText(state: { paused: boolean; speed: number; seq: number }): string {
  const speed = state.speed >= 1 ? `${state.speed}x` : `1/${Math.round(1 / state.speed)}x`;
  return `${state.paused ? 'paused (space resumes)' : 'playing'} at ${speed}, event ${state.seq}`;
}
