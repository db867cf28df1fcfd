import { AnyEvent } from '@backtrack/events';
import { Queryable, readSessionEvents } from '@backtrack/store';
import { KeyframePolicy } from '../keyframes/keyframe-policy';
import { KeyframeWriter } from '../keyframes/keyframe-writer';
import { openScreenAt } from '../seek/screen-at';
import { sessionBounds } from '../session-events/session-events';
import { Follower, Outgoing, outgoing } from './follower';
import { RecentEvents } from './recent-events';

export interface HubOptions {
  // Bytes a follower may hold before it is skipped ahead to a snapshot.
  maxFollowerBytes: number;
  // Bytes of recent live events kept for followers catching up.
  recentBytes: number;
  // Bytes of live events waiting to be folded; past it they are dropped and read back from the store.
  maxInboxBytes: number;
  // How long to wait before asking the store again for events it does not have yet.
  retryMs: number;
  pageSize: number;
  policy?: KeyframePolicy;
  log: (line: string) => void;
}

export const DEFAULT_HUB_OPTIONS: HubOptions = {
  maxFollowerBytes: 1024 * 1024,
  recentBytes: 1024 * 1024,
  maxInboxBytes: 8 * 1024 * 1024,
  retryMs: 250,
  pageSize: 500,
  log: (line) => console.warn(`[replay] ${line}`),
};

type Task =
  | { kind: 'live'; events: AnyEvent[]; bytes: number }
  | { kind: 'snapshot'; follower: Follower; skippedFrom?: number }
  | { kind: 'poll' };

// One live session in one replay instance: folds its events (from the bus, gaps repaired from the store) into a
// screen, keeps keyframes of it, and fans every event out to the session's followers, in order, once each.
export class SessionHub {
  readonly followers = new Set<Follower>();
  private writer!: KeyframeWriter;
  private ended: { exitCode: number | null } | undefined;
  private lastSnapshot: { seq: number; message: Outgoing } | undefined;
  private readonly recent: RecentEvents;
  private tasks: Task[] = [];
  private inboxBytes = 0;
  private working = false;
  private loaded = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private fannedOut = 0;
  private lastLogged: string | undefined;
  lastActivity = Date.now();

  constructor(
    readonly sessionId: string,
    private readonly db: Queryable,
    readonly options: HubOptions,
  ) {
    this.recent = new RecentEvents(options.recentBytes);
  }

  // The screen at the last stored event; live events that arrive meanwhile wait in the inbox.
  async load(): Promise<void> {
    const bounds = await sessionBounds(this.db, this.sessionId);
    this.writer = await openScreenAt(this.db, this.sessionId, bounds?.lastSeq ?? 0, {
      ...(this.options.policy ? { policy: this.options.policy } : {}),
    });
    if (this.closed) return this.writer.screen.dispose();
    this.ended = bounds?.ended;
    this.fannedOut = this.folded;
    this.loaded = true;
    this.work();
  }

  // The last event fanned out: followers attached now get every later one.
  get seq(): number {
    return this.fannedOut;
  }

  // The last event in the screen; behind `seq` while a fold is under way (followers get events first).
  private get folded(): number {
    return this.writer.screen.seq;
  }

  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  // Bytes held for followers: the figure the bound is about.
  bufferedBytes(): number {
    let bytes = 0;
    for (const follower of this.followers) bytes += follower.bufferedBytes();
    return bytes;
  }

  // Live events from the bus; never waits on followers or the store.
  receive(events: AnyEvent[]): void {
    if (this.closed || events.length === 0) return;
    const bytes = events.reduce((sum, event) => sum + approximateBytes(event), 0);
    if (this.inboxBytes + bytes > this.options.maxInboxBytes) {
      // Too far behind: drop what waits; the gap it leaves is read back from the store.
      this.tasks = this.tasks.filter((task) => task.kind !== 'live');
      this.inboxBytes = 0;
    }
    this.tasks.push({ kind: 'live', events, bytes });
    this.inboxBytes += bytes;
    this.work();
  }

  // Looks in the store for events the bus did not bring (delivered before this hub existed, or lost).
  poll(): void {
    if (!this.tasks.some((task) => task.kind === 'poll')) this.tasks.push({ kind: 'poll' });
    this.work();
  }

  // The follower gets the screen as it is when its turn comes, then every later event.
  sendSnapshot(follower: Follower, skippedFrom?: number): void {
    follower.state = 'resyncing';
    this.tasks.push({
      kind: 'snapshot',
      follower,
      ...(skippedFrom !== undefined ? { skippedFrom } : {}),
    });
    this.work();
  }

  // Synchronous, so no event can fall between the check and the attach: live once it has everything folded.
  attachIfCaughtUp(follower: Follower): boolean {
    if (follower.state === 'closed') return true;
    if (follower.cursor < this.seq) return false;
    follower.state = 'live';
    if (this.ended) follower.push(outgoing({ type: 'ended', ...this.ended }));
    return true;
  }

  // Events after `seq` for a follower catching up: from the recent ones if they reach back, else from the store.
  async eventsAfter(seq: number, limit: number): Promise<AnyEvent[]> {
    const until = this.seq;
    const recent = this.recent.after(seq, until, limit);
    if (recent) return recent;
    const stored = await readSessionEvents(this.db, this.sessionId, {
      afterSeq: seq,
      limit: Math.min(limit, until - seq),
    });
    if (stored.length > 0) return stored;
    return this.recent.after(seq, this.seq, limit) ?? [];
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const follower of this.followers) follower.close();
    this.followers.clear();
    this.tasks = [];
    if (this.loaded) this.writer.screen.dispose();
  }

  private work(): void {
    if (this.working || !this.loaded || this.closed || this.retryTimer) return;
    this.working = true;
    void this.drainTasks().finally(() => {
      this.working = false;
      if (this.tasks.length > 0 && !this.retryTimer) this.work();
    });
  }

  private async drainTasks(): Promise<void> {
    while (this.tasks.length > 0 && !this.closed) {
      const task = this.nextTask();
      if (task.kind === 'live') this.inboxBytes -= task.bytes;
      let done: boolean;
      try {
        done = await this.run(task);
      } catch (error) {
        this.logOnce(`session ${this.sessionId}: ${(error as Error).message}`);
        done = false;
      }
      if (done) {
        this.lastLogged = undefined;
        continue;
      }
      this.tasks.unshift(task);
      if (task.kind === 'live') this.inboxBytes += task.bytes;
      this.serveWaitingSnapshots();
      return this.retryLater();
    }
  }

  // Live batches that queued up while the hub was busy are folded and fanned out as one: each follower then gets one
  // message (one socket write) for them, so a hub that fell behind catches up in fewer, larger steps.
  private nextTask(): Task {
    const task = this.tasks.shift()!;
    if (task.kind !== 'live') return task;
    let { events, bytes } = task;
    const most = this.options.maxFollowerBytes / 4;
    for (let next = this.tasks[0]; next?.kind === 'live' && bytes < most; next = this.tasks[0]) {
      if (next.events[0]!.seq !== events[events.length - 1]!.seq + 1) break; // only contiguous ones
      this.tasks.shift();
      events = events.concat(next.events);
      bytes += next.bytes;
    }
    return { kind: 'live', events, bytes };
  }

  // false: the store does not have the events before this batch yet; try again later.
  private async run(task: Task): Promise<boolean> {
    if (task.kind === 'snapshot') {
      this.snapshotFor(task.follower, task.skippedFrom);
      return true;
    }
    if (task.kind === 'poll') {
      await this.fillFromStore(Number.POSITIVE_INFINITY);
      return true;
    }
    const fresh = task.events.filter((event) => event.seq > this.folded);
    if (fresh.length === 0) return true;
    if (fresh[0]!.seq > this.folded + 1) await this.fillFromStore(fresh[0]!.seq - 1);
    if (fresh[0]!.seq > this.folded + 1) return false;
    await this.fold(fresh);
    return true;
  }

  // The store is the judge of a gap: what it lacks may still come, but a seq it skipped over never will.
  private async fillFromStore(untilSeq: number): Promise<void> {
    while (this.folded < untilSeq) {
      const limit = Math.min(this.options.pageSize, untilSeq - this.folded);
      const page = await readSessionEvents(this.db, this.sessionId, {
        afterSeq: this.folded,
        limit,
      });
      if (page.length === 0) return;
      if (page[0]!.seq > this.folded + 1)
        this.options.log(
          `session ${this.sessionId}: events ${this.folded + 1}..${page[0]!.seq - 1} are not in the store; going on without them`,
        );
      await this.fold(page);
      if (page.length < limit) return;
    }
  }

  // Followers get events before the screen folds them: parsing and keyframe writes stay off the live path.
  private async fold(events: AnyEvent[]): Promise<void> {
    const fresh = events.filter((event) => event.seq > this.fannedOut);
    if (fresh.length > 0) {
      this.lastActivity = Date.now();
      const ended = fresh.find((event) => event.type === 'session.ended');
      if (ended?.type === 'session.ended') this.ended = { exitCode: ended.payload.exitCode };
      this.fanOut(fresh);
    }
    await this.writer.fold(events);
  }

  private fanOut(events: AnyEvent[]): void {
    const shared = outgoing({ type: 'events', events });
    this.recent.add(events, shared.bytes);
    const last = events[events.length - 1]!.seq;
    this.fannedOut = last;
    const ends = this.ended && events.some((event) => event.type === 'session.ended');
    for (const follower of this.followers) {
      if (follower.state !== 'live' || follower.cursor >= last) continue;
      const message =
        follower.cursor < events[0]!.seq
          ? shared
          : outgoing({
              type: 'events',
              events: events.filter((event) => event.seq > follower.cursor),
            });
      if (!follower.offer(message)) this.skipAhead(follower);
      else if (ends) follower.push(outgoing({ type: 'ended', ...this.ended! }));
    }
  }

  // A follower that cannot keep up loses what it holds and gets the screen instead: its memory stays bounded.
  private skipAhead(follower: Follower): void {
    follower.dropQueued();
    this.sendSnapshot(follower, follower.sentSeq + 1);
  }

  private snapshotFor(follower: Follower, skippedFrom: number | undefined): void {
    if (follower.state === 'closed') return;
    const snapshot = this.snapshot();
    if (skippedFrom !== undefined && skippedFrom <= snapshot.seq)
      follower.push(outgoing({ type: 'skipped', fromSeq: skippedFrom, toSeq: snapshot.seq }));
    follower.cursor = snapshot.seq;
    follower.push(snapshot.message);
    this.attachIfCaughtUp(follower);
  }

  // The screen is serialized once per seq and shared: a burst of output can skip hundreds of followers at once.
  private snapshot(): { seq: number; message: Outgoing } {
    if (this.lastSnapshot?.seq !== this.folded) {
      const { seq, cols, rows, screen } = this.writer.screen.snapshot();
      this.lastSnapshot = { seq, message: outgoing({ type: 'snapshot', seq, cols, rows, screen }) };
    }
    return this.lastSnapshot;
  }

  // While live events wait for the store, joiners need not: the screen as folded so far is a valid start, unless a
  // failed fold left it behind what followers already got.
  private serveWaitingSnapshots(): void {
    if (this.folded < this.fannedOut) return;
    const snapshots = this.tasks.filter((task) => task.kind === 'snapshot');
    this.tasks = this.tasks.filter((task) => task.kind !== 'snapshot');
    for (const task of snapshots) this.snapshotFor(task.follower, task.skippedFrom);
  }

  // A failure that lasts (the database is down) is logged once, not at every retry.
  private logOnce(line: string): void {
    if (line !== this.lastLogged) this.options.log(line);
    this.lastLogged = line;
  }

  private retryLater(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.work();
    }, this.options.retryMs);
    this.retryTimer.unref();
  }
}

// The JSON size of an event, near enough to bound memory without encoding it.
function approximateBytes(event: AnyEvent): number {
  return event.type === 'terminal.output' ? event.payload.data.length + 200 : 300;
}
