import { followUrl, ReplayEndpoint, unreachable } from '../terminal-player/replay-endpoint';
import { openReplaySocket, ReplayRefused, ReplaySocket } from '../terminal-player/replay-socket';
import { ReplayView } from '../terminal-player/replay-view';
import { BackoffPolicy, DEFAULT_BACKOFF, reconnectDelay } from './reconnect-backoff';

export type FollowOutcome = { kind: 'ended'; exitCode: number | null } | { kind: 'quit' };

type ConnectionEnd =
  | FollowOutcome
  | { kind: 'dropped'; why: string; progressed: boolean }
  | { kind: 'taken-over' }
  | { kind: 'not-yet' };

// How often a follow asks again for a session the server does not know yet.
const NOT_YET_RETRY_MS = 250;

// The replay service closes a follow with 1008 when another connection took its queue over.
const QUEUE_TAKEN_OVER = 1008;

// A live follow that outlives dropped connections: each reconnect asks for the events after the last one shown,
// so the viewer gets exactly what it missed, no gap and no duplicate. With a queue, every connection names it, so
// the server keeps what comes while the viewer is away in that queue of its own.
export class LiveFollow {
  private lastSeq: number | undefined;
  private socket: ReplaySocket | undefined;
  private quitting = false;
  private connectedOnce = false;
  private endConnection: ((end: ConnectionEnd) => void) | undefined;
  private wake: (() => void) | undefined;
  private readonly backoff: BackoffPolicy;
  private readonly waitUntil: number;
  readonly queue: string | undefined;

  constructor(
    private readonly endpoint: ReplayEndpoint,
    readonly sessionId: string,
    private readonly view: ReplayView,
    options: {
      after?: number;
      queue?: string;
      backoff?: BackoffPolicy;
      // A session unknown to the server (404) is asked for again this long before the follow gives up.
      waitForSessionMs?: number;
    } = {},
  ) {
    this.lastSeq = options.after;
    this.queue = options.queue;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.waitUntil = Date.now() + (options.waitForSessionMs ?? 0);
  }

  // The last seq shown, what a follow that starts again passes as --after.
  get seq(): number | undefined {
    return this.lastSeq;
  }

  async run(): Promise<FollowOutcome> {
    let failures = 0;
    let waited = false;
    for (;;) {
      const end = await this.connect(failures > 0 || waited);
      if (end.kind === 'not-yet') {
        if (!waited)
          this.view.notice(`no session ${this.sessionId} on the server yet; waiting for it…`);
        waited = true;
        await this.sleep(NOT_YET_RETRY_MS);
        if (this.quitting) return { kind: 'quit' };
        continue;
      }
      if (end.kind === 'taken-over')
        throw new Error(
          `stopped following ${this.sessionId}: another connection took over queue ${this.queue}`,
        );
      if (end.kind !== 'dropped') return end;
      if (this.quitting) return { kind: 'quit' };
      // A follow that never got in is misconfigured more often than unlucky: say so at once.
      if (!this.connectedOnce)
        throw new Error(`cannot follow ${this.sessionId}: ${unreachable(this.endpoint, end.why)}`);
      failures = end.progressed ? 1 : failures + 1;
      const delay = reconnectDelay(failures, this.backoff);
      if (delay === undefined) throw new Error(this.gaveUp(end.why));
      this.view.notice(
        `connection lost (${end.why}); reconnecting in ${(delay / 1000).toFixed(1)}s, attempt ${failures} of ${this.backoff.maxAttempts}…`,
      );
      await this.sleep(delay);
      if (this.quitting) return { kind: 'quit' };
    }
  }

  quit(): void {
    this.quitting = true;
    this.socket?.close();
    this.wake?.();
    this.endConnection?.({ kind: 'quit' });
  }

  private connect(reconnecting: boolean): Promise<ConnectionEnd> {
    return new Promise((resolve, reject) => {
      let progressed = false;
      let ended: { exitCode: number | null } | undefined;
      this.endConnection = resolve;
      const url = withQueue(followUrl(this.endpoint, this.sessionId, this.lastSeq), this.queue);
      openReplaySocket(url, this.endpoint.token, {
        message: (message) => {
          if (message.type === 'snapshot') this.lastSeq = message.seq;
          if (message.type === 'events' && message.events.length > 0)
            this.lastSeq = message.events[message.events.length - 1]!.seq;
          progressed ||= message.type === 'snapshot' || message.type === 'events';
          if (message.type === 'ended') ended = { exitCode: message.exitCode };
          this.view.show(message);
        },
        closed: (code, reason) => {
          this.socket = undefined;
          if (ended) resolve({ kind: 'ended', ...ended });
          else if (code === QUEUE_TAKEN_OVER && this.queue) resolve({ kind: 'taken-over' });
          else resolve({ kind: 'dropped', why: closeText(code, reason), progressed });
        },
      }).then(
        (socket) => {
          this.socket = socket;
          this.connectedOnce = true;
          if (this.quitting) socket.close();
          else if (reconnecting) this.view.clearNotice();
        },
        (error: Error) => {
          if (this.mayNotBeThereYet(error)) resolve({ kind: 'not-yet' });
          else if (error instanceof ReplayRefused && error.final)
            reject(new Error(`cannot follow ${this.sessionId}: ${error.message}`));
          else resolve({ kind: 'dropped', why: error.message, progressed: false });
        },
      );
    });
  }

  // A recording that just started may not have reached the server: a 404 before the first connection is not final
  // until the wait is over.
  private mayNotBeThereYet(error: Error): boolean {
    return (
      error instanceof ReplayRefused &&
      error.status === 404 &&
      !this.connectedOnce &&
      Date.now() < this.waitUntil
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  // The command that goes on from here.
  again(): string {
    return [
      `backtrack follow ${this.sessionId}`,
      ...(this.queue ? [`--queue ${this.queue}`] : []),
      ...(this.lastSeq !== undefined ? [`--after ${this.lastSeq}`] : []),
    ].join(' ');
  }

  private gaveUp(why: string): string {
    const again = this.again();
    return `lost the connection to ${this.endpoint.base} (${why}) and could not reconnect after ${this.backoff.maxAttempts} attempts; go on with \`${again}\``;
  }
}

// The follow URL naming the queue, on every connection.
export function withQueue(url: string, queue: string | undefined): string {
  if (!queue) return url;
  return `${url}${url.includes('?') ? '&' : '?'}queue=${encodeURIComponent(queue)}`;
}

function closeText(code: number, reason: string): string {
  const words: Record<number, string> = {
    1000: 'closed',
    1001: 'the server is shutting down',
    1006: 'connection dropped',
    1011: 'the server could not stream',
  };
  return [words[code] ?? `closed with code ${code}`, reason].filter(Boolean).join(': ');
}
