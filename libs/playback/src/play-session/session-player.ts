import { Queryable } from '@backtrack/store';
import { Clock, systemClock } from '../clock/clock';
import { ServerMessage } from '../protocol/messages';
import { MAX_SPEED } from '../protocol/parse-client-message';
import { screenAt, SeekOptions, SeekTarget } from '../seek/screen-at';
import { nextCommandSeq, sessionBounds } from '../session-events/session-events';
import { EventReader } from './event-reader';
import { wallDelay } from './pacing';

export interface PlayOptions {
  speed?: number;
  // Wall ms: no pause lasts longer (see pacing.ts for how it combines with the speed).
  idleLimitMs?: number;
  from?: SeekTarget;
  clock?: Clock;
  pageSize?: number;
  seek?: SeekOptions;
}

export type MessageSink = (message: ServerMessage) => void | Promise<void>;

// 'waiting', 'paused' and 'ended' are quiet: the player does nothing until the clock or a control moves it.
export type PlayerState = 'busy' | 'waiting' | 'paused' | 'ended' | 'stopped';

type Jump = { to: SeekTarget } | { nextCommand: true };

// Plays a recorded session to a sink at its own pace: the screen at the starting moment, then each event when its
// time comes (scaled by the speed, pauses capped by the idle limit), with pause, resume, speed, seek and
// skip-to-next-command. After the end it stays, so a client can seek back, until stop().
export class SessionPlayer {
  private readonly clock: Clock;
  private speed: number;
  private readonly idleLimitMs: number | undefined;
  private paused = false;
  private stopped = false;
  private pendingJump: Jump | undefined;
  private speedScale = 1;
  private interrupt = new AbortController();
  private wakeUp: (() => void) | undefined;
  private status: PlayerState = 'busy';
  private quietWaiters: Array<() => void> = [];
  private reader!: EventReader;
  // Session time (epoch ms) the playback stands at; undefined: play the next event at once.
  private position: number | undefined;
  private cursor = 0;
  private startedAt = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Queryable,
    private readonly sessionId: string,
    private readonly send: MessageSink,
    private readonly options: PlayOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.speed = checkSpeed(options.speed ?? 1);
    if (options.idleLimitMs !== undefined && !(options.idleLimitMs > 0))
      throw new Error(`idle limit must be a positive number of ms, got ${options.idleLimitMs}`);
    this.idleLimitMs = options.idleLimitMs;
  }

  get state(): PlayerState {
    return this.status;
  }

  // Runs until stop(); rejects if reading the session fails.
  start(): Promise<void> {
    this.running ??= this.run().finally(() => this.setStatus('stopped'));
    return this.running;
  }

  pause(): void {
    this.paused = true;
    this.interruptWait();
    void this.sendState();
  }

  resume(): void {
    this.paused = false;
    this.interruptWait();
    void this.sendState();
  }

  setSpeed(speed: number): void {
    this.speedScale *= this.speed / checkSpeed(speed);
    this.speed = speed;
    this.interruptWait();
    void this.sendState();
  }

  seek(to: SeekTarget): void {
    this.pendingJump = { to };
    this.interruptWait();
  }

  nextCommand(): void {
    this.pendingJump = { nextCommand: true };
    this.interruptWait();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptWait();
    await this.running?.catch(() => undefined);
  }

  // Resolves when the player is quiet: waiting for the clock, paused, ended or stopped.
  async settled(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // lets a just-woken loop take its next step
    if (this.status !== 'busy') return;
    await new Promise<void>((resolve) => this.quietWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    const bounds = await sessionBounds(this.db, this.sessionId);
    this.startedAt = bounds?.startedAt ?? 0;
    await this.jumpTo(this.options.from ?? { seq: 0 });
    while (!this.stopped) {
      if (this.pendingJump) {
        await this.jump(this.pendingJump);
        continue;
      }
      const next = await this.reader.peek();
      if (!next) {
        await this.atEnd();
        continue;
      }
      const gap = this.position === undefined ? 0 : next.at - this.position;
      if (!(await this.wait(wallDelay(gap, this.speed, this.idleLimitMs)))) continue;
      const due = this.reader.takeWhile((event) => event.at <= next.at);
      this.position = next.at;
      this.cursor = due[due.length - 1]!.seq;
      await this.send({ type: 'events', events: due });
    }
  }

  // Waits `ms` of wall time, through pauses and speed changes; false when a jump or stop cut it short.
  private async wait(ms: number): Promise<boolean> {
    let remaining = ms;
    while (remaining > 0 || this.paused) {
      if (this.stopped || this.pendingJump) return false;
      if (this.paused) {
        await this.quietUntilWoken('paused');
      } else {
        const started = this.clock.now();
        this.setStatus('waiting');
        await this.clock.sleep(remaining, this.interrupt.signal);
        this.setStatus('busy');
        remaining -= this.clock.now() - started;
      }
      this.interrupt = new AbortController();
      if (this.speedScale !== 1) {
        remaining *= this.speedScale; // what was left is played at the new speed
        if (this.idleLimitMs !== undefined) remaining = Math.min(remaining, this.idleLimitMs);
        this.speedScale = 1;
      }
    }
    return !this.stopped && !this.pendingJump;
  }

  private async atEnd(): Promise<void> {
    const bounds = await sessionBounds(this.db, this.sessionId);
    await this.send({ type: 'ended', exitCode: bounds?.ended?.exitCode ?? null });
    while (!this.stopped && !this.pendingJump) await this.quietUntilWoken('ended');
  }

  private async jump(jump: Jump): Promise<void> {
    this.pendingJump = undefined;
    if ('to' in jump) return this.jumpTo(jump.to);
    const commandSeq = await nextCommandSeq(this.db, this.sessionId, this.cursor);
    if (commandSeq === undefined) return this.sendState(); // no later command: carry on where we are
    await this.jumpTo({ seq: commandSeq - 1 });
    this.position = undefined; // the command itself plays at once
  }

  // Sends the screen at the target and goes on from there.
  private async jumpTo(target: SeekTarget): Promise<void> {
    const snapshot = await screenAt(this.db, this.sessionId, target, this.options.seek);
    this.cursor = snapshot.seq;
    this.position = 'time' in target ? this.startedAt + target.time : snapshot.at;
    this.reader = new EventReader(this.db, this.sessionId, snapshot.seq, this.options.pageSize);
    const { seq, cols, rows, screen } = snapshot;
    await this.send({ type: 'snapshot', seq, cols, rows, screen });
    await this.sendState();
  }

  private async sendState(): Promise<void> {
    await this.send({ type: 'state', paused: this.paused, speed: this.speed, seq: this.cursor });
  }

  private interruptWait(): void {
    this.interrupt.abort();
    this.wakeUp?.();
  }

  private async quietUntilWoken(state: 'paused' | 'ended'): Promise<void> {
    this.setStatus(state);
    await new Promise<void>((resolve) => (this.wakeUp = resolve));
    this.wakeUp = undefined;
    this.setStatus('busy');
  }

  private setStatus(state: PlayerState): void {
    this.status = state;
    if (state === 'busy') return;
    for (const resolve of this.quietWaiters.splice(0)) resolve();
  }
}

function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED)
    throw new Error(`speed must be a number in (0, ${MAX_SPEED}], got ${speed}`);
  return speed;
}
