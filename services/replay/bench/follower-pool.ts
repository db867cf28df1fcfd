import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { FollowersProgress, FollowersReport, FollowersStart } from './fanout-followers';

// One child process of followers and its latest progress.
class FollowerProcess {
  latest: FollowersProgress = {
    type: 'progress',
    connected: 0,
    refused: 0,
    open: 0,
    events: 0,
    ended: 0,
  };
  private reportWaiter: ((report: FollowersReport) => void) | undefined;
  private readonly child: ChildProcess;

  constructor(nodeFlags: string[]) {
    this.child = fork(join(__dirname, 'fanout-followers.ts'), [], {
      execArgv: [...nodeFlags, '-r', require.resolve('@swc-node/register')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: FollowersProgress | FollowersReport) => {
      if (message.type === 'progress') this.latest = message;
      else this.reportWaiter?.(message);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  start(start: FollowersStart): void {
    this.child.send(start);
  }

  report(lastSeq: number): Promise<FollowersReport> {
    return new Promise((resolve) => {
      this.reportWaiter = resolve;
      this.child.send({ type: 'report', lastSeq });
    });
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

// The followers, shared out over a few processes so no single client thread is what the bench measures.
export class FollowerPool {
  private readonly processes: FollowerProcess[];

  constructor(processes: number, nodeFlags: (index: number) => string[]) {
    this.processes = Array.from(
      { length: processes },
      (_, index) => new FollowerProcess(nodeFlags(index)),
    );
  }

  // Name -> pid, for memory and CPU figures.
  pids(): Array<[string, number]> {
    return this.processes.map((child, i) => [
      this.processes.length === 1 ? 'followers' : `followers ${i + 1}`,
      child.pid,
    ]);
  }

  start(start: Omit<FollowersStart, 'type' | 'followers'>, followers: number): void {
    const count = this.processes.length;
    this.processes.forEach((child, i) =>
      child.start({
        ...start,
        type: 'start',
        followers: Math.floor(followers / count) + (i < followers % count ? 1 : 0),
      }),
    );
  }

  get latest(): FollowersProgress {
    const sum = (key: keyof Omit<FollowersProgress, 'type'>) =>
      this.processes.reduce((total, child) => total + child.latest[key], 0);
    return {
      type: 'progress',
      connected: sum('connected'),
      refused: sum('refused'),
      open: sum('open'),
      events: sum('events'),
      ended: sum('ended'),
    };
  }

  async report(lastSeq: number): Promise<FollowersReport> {
    const reports = await Promise.all(this.processes.map((child) => child.report(lastSeq)));
    return reports.reduce(merge);
  }

  stop(): void {
    for (const child of this.processes) child.stop();
  }
}

function merge(a: FollowersReport, b: FollowersReport): FollowersReport {
  const latency = new Map(a.latency);
  for (const [ms, count] of b.latency) latency.set(ms, (latency.get(ms) ?? 0) + count);
  const seqs = Math.max(a.firstReceipt.length, b.firstReceipt.length);
  const earliest = (x: number | undefined, y: number | undefined) =>
    !x ? (y ?? 0) : !y ? x : Math.min(x, y);
  return {
    type: 'report',
    connected: a.connected + b.connected,
    refusals: [...a.refusals, ...b.refusals].slice(0, 5),
    latency: [...latency],
    maxLatency: Math.max(a.maxLatency, b.maxLatency),
    events: a.events + b.events,
    duplicates: a.duplicates + b.duplicates,
    gaps: a.gaps + b.gaps,
    missing: a.missing + b.missing,
    skippedNotices: a.skippedNotices + b.skippedNotices,
    skippedEvents: a.skippedEvents + b.skippedEvents,
    snapshots: a.snapshots + b.snapshots,
    binaryFrames: a.binaryFrames + b.binaryFrames,
    ended: a.ended + b.ended,
    complete: a.complete + b.complete,
    closedEarly: a.closedEarly + b.closedEarly,
    errors: [...a.errors, ...b.errors].slice(0, 5),
    cpuSeconds: a.cpuSeconds + b.cpuSeconds,
    eventLoopDelayP99Ms: Math.max(a.eventLoopDelayP99Ms, b.eventLoopDelayP99Ms),
    firstReceipt: Array.from({ length: seqs }, (_, seq) =>
      earliest(a.firstReceipt[seq], b.firstReceipt[seq]),
    ),
    lastReceipt: Array.from({ length: seqs }, (_, seq) =>
      Math.max(a.lastReceipt[seq] ?? 0, b.lastReceipt[seq] ?? 0),
    ),
  };
}
