import { cpus, loadavg } from 'node:os';
import { CaptureAgent } from './capture-agent';
import type { FollowersReport } from './fanout-followers';
import { Histogram } from './histogram';
import { cpuPressure, megabytes } from './proc-stats';

// Issue 4's targets.
const TARGET_P99_MS = 100;
const TARGET_RSS_BYTES = 300e6;

export interface Figures {
  rate: number;
  seconds: number;
  agent: CaptureAgent;
  report: FollowersReport;
  producedMs: number;
  connected: number;
  // Per process name: the kernel's VmHWM at the end, and the most VmRSS sampled during the run.
  peaks: Map<string, number>;
  mostSampled: Map<string, number>;
  followerNames: string[];
  cpu: Array<{ name: string; share?: number; kernelShare?: number }>;
  cpuWindowSeconds: number;
  benchCpuSeconds: number;
  wallSeconds: number;
  loadBefore: number;
}

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const percent = (share: number) => `${Math.round(100 * share)}%`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

export function printFigures(figures: Figures, print: (line: string) => void): void {
  const { agent, report, producedMs } = figures;
  const latency = Histogram.fromPairs(report.latency, report.maxLatency);
  print('');
  print(
    `session: ${n(agent.made)} terminal.output events made at ${n(figures.rate)}/s for ${figures.seconds} s; ` +
      `the gateway accepted them at ${n((agent.made * 1000) / producedMs)}/s ` +
      `(the last ${(producedMs / 1000 - figures.seconds).toFixed(1)} s after the making stopped), in ${n(agent.batches)} POSTs`,
  );
  if (producedMs > figures.seconds * 1000 * 1.05)
    print(
      `  the agent fell behind: one POST at a time took longer than the output took to make, so events waited ` +
        `in the agent (see "made -> POST sent" below)`,
    );
  print(
    `followers: ${report.connected} connected, ${report.ended} got the end, ${report.complete} got through the last seq; ` +
      `${n(report.events)} of ${n(figures.connected * (agent.lastSeq - 1))} event deliveries`,
  );
  print(
    `  order: ${report.gaps} gaps (${report.missing} events missing), ${report.duplicates} duplicates, ` +
      `${report.skippedNotices} skipped notices (${n(report.skippedEvents)} events), ${report.snapshots} snapshots, ` +
      `${report.binaryFrames} binary frames, ${report.closedEarly} closed early` +
      (report.errors.length ? `; errors: ${report.errors.join('; ')}` : ''),
  );
  print(
    `capture -> follower latency (every event at every follower): ${latency.summary()}, mean ${latency.mean.toFixed(1)} ms  ` +
      `${verdict(latency.percentile(99) < TARGET_P99_MS)} (p99 < ${TARGET_P99_MS} ms)`,
  );
  const stages = stagesOf(agent, report);
  print(`  made -> POST sent (the agent's linger, then its queue): ${stages.queued.summary()}`);
  print(`  POST sent -> first follower (gateway, RabbitMQ, replay): ${stages.delivered.summary()}`);
  print(`  first -> last follower: ${stages.spread.summary()}`);
  print(`  each ingest POST (to the gateway's 202): ${agent.ingest.summary()}`);
  for (const name of ['gateway', 'replay']) {
    const peak = figures.peaks.get(name) ?? 0;
    print(
      `peak RSS ${name}: ${megabytes(peak)} (VmHWM; most sampled ${megabytes(figures.mostSampled.get(name) ?? 0)})  ` +
        `${verdict(peak < TARGET_RSS_BYTES)} (< ${megabytes(TARGET_RSS_BYTES)})`,
    );
  }
  print(
    `  not targets: ${['projector', ...figures.followerNames].map((name) => `${name} ${megabytes(figures.peaks.get(name) ?? 0)}`).join(', ')}`,
  );
  const cpu = figures.cpu.map(({ name, share, kernelShare }) =>
    share === undefined
      ? `${name} ?`
      : `${name} ${percent(share)} (kernel ${percent(kernelShare!)})`,
  );
  print(
    `CPU while the session ran (% of one core over ${figures.cpuWindowSeconds.toFixed(0)} s): ${cpu.join(', ')}, ` +
      `bench ${percent(figures.benchCpuSeconds / figures.cpuWindowSeconds)}; ` +
      `followers' event-loop delay p99 ${report.eventLoopDelayP99Ms.toFixed(1)} ms`,
  );
  const pressure = cpuPressure();
  print(
    `machine: ${cpus().length} cores, load average ${figures.loadBefore.toFixed(1)} before the session and ` +
      `${loadavg()[0]!.toFixed(1)} after` +
      (pressure === undefined
        ? ''
        : `, tasks waiting for a CPU ${pressure.toFixed(0)}% of the last minute`) +
      `; ${figures.wallSeconds.toFixed(0)} s from the first connection to the report`,
  );
}

// The latency cut where the bench can see it: at the agent's POST and at the first and last follower.
function stagesOf(agent: CaptureAgent, report: FollowersReport) {
  const stages = { queued: new Histogram(), delivered: new Histogram(), spread: new Histogram() };
  for (let seq = 2; seq <= agent.lastSeq; seq++) {
    const [made, sent] = [agent.madeAt[seq], agent.sentAt[seq]];
    const [first, last] = [report.firstReceipt[seq], report.lastReceipt[seq]];
    if (made === undefined || sent === undefined || !first || !last) continue;
    stages.queued.record(sent - made);
    stages.delivered.record(first - sent);
    stages.spread.record(last - first);
  }
  return stages;
}
