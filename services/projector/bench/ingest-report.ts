import { cpus } from 'node:os';
import { CpuBreakdown } from './cpu-time';
import { count, PhaseResult } from './ingest-phase';

export const TARGET_SHARE_OF_COPY = 0.4;
export const FULL_LOAD_POLL_MS = 200;
export const PACED_POLL_MS = 25;

export interface CopyResult {
  rate: number;
  cpu: CpuBreakdown;
}

export interface BusResult {
  bus: string;
  full: PhaseResult;
  cpu: CpuBreakdown;
  paced: (PhaseResult & { pace: number }) | undefined;
}

// The processes that do the ingest; the bench itself stands in for the agents, elsewhere in real life.
const PIPELINE = ['projector', 'postgres', 'broker'];

export const print = (line = '') => process.stdout.write(`${line}\n`);

export const duration = (ms: number) =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;

// CPU time spent per event by the named participants, in µs.
function microsPerEvent(cpu: CpuBreakdown, names: string[], events: number): number {
  const cores = names.reduce((sum, name) => sum + (cpu.cores[name] ?? 0), 0);
  return (cores * cpu.wallSeconds * 1e6) / events;
}

export function printCopy(rows: number, copy: CopyResult): void {
  const perRow = microsPerEvent(copy.cpu, ['postgres'], rows);
  print(
    `COPY: ${count(rows)} rows into a fresh events table = ${count(copy.rate)} rows/s ` +
      `(postgres ${perRow.toFixed(1)} µs cpu/row; ${cpuLine(copy.cpu)})`,
  );
}

export function printFullLoad(label: string, full: PhaseResult, cpu: CpuBreakdown): void {
  print(
    `${label}: ${count(full.events)} events stored in ${full.seconds.toFixed(1)} s = ${count(full.rate)} events/s ` +
      `(10%→90%: ${count(full.steadyRate)}/s; published at ${count(full.publishRate)}/s)`,
  );
  print(
    `${label}: lag at full load (mostly time queued in the broker): p50 ${duration(full.lagP50)}, p99 ${duration(full.lagP99)}`,
  );
  const perEvent = microsPerEvent(cpu, PIPELINE, full.events);
  const parts = PIPELINE.map(
    (name) => `${name} ${microsPerEvent(cpu, [name], full.events).toFixed(1)}`,
  );
  print(
    `${label}: cpu ${perEvent.toFixed(1)} µs/event (${parts.join(' + ')}), so ~${count((cpus().length * 1e6) / perEvent)} ` +
      `events/s if the pipeline had the ${cpus().length} cores to itself; ${cpuLine(cpu)}`,
  );
}

export function printPaced(label: string, paced: PhaseResult & { pace: number }): void {
  print(
    `${label}: lag at ${count(paced.pace)} events/s (half the full-load rate) for ${duration(paced.seconds * 1000)}: ` +
      `p50 ${duration(paced.lagP50)}, p99 ${duration(paced.lagP99)} (stored at ${count(paced.rate)}/s)`,
  );
}

export function printSummary(results: BusResult[], copy: CopyResult): void {
  print('bus        events/s   of COPY   lag p50/p99 at full load   lag p50/p99 at half load');
  for (const { bus, full, paced } of results) {
    print(
      `${bus.padEnd(9)} ${count(full.rate).padStart(9)}   ${((100 * full.rate) / copy.rate).toFixed(0).padStart(6)}%   ` +
        `${`${duration(full.lagP50)} / ${duration(full.lagP99)}`.padEnd(25)}  ` +
        (paced
          ? `${duration(paced.lagP50)} / ${duration(paced.lagP99)} at ${count(paced.pace)}/s`
          : '(skipped)'),
    );
  }
  print(`COPY      ${count(copy.rate).padStart(9)}     100%`);
  print(
    `target: at least ${TARGET_SHARE_OF_COPY * 100}% of the COPY rate = ${count(TARGET_SHARE_OF_COPY * copy.rate)} events/s`,
  );
  print(
    `lag = publish started -> first poll of sessions.last_seq (committed with the events) that shows the batch; ` +
      `polled every ${FULL_LOAD_POLL_MS} ms at full load and ${PACED_POLL_MS} ms at half load, so up to that much high`,
  );
}

// Average cores busy while measured: other work on a shared machine shows as `rest of machine`.
function cpuLine(cpu: CpuBreakdown): string {
  const parts = Object.entries(cpu.cores).map(([name, cores]) => `${name} ${cores.toFixed(2)}`);
  return `cores busy: ${parts.join(', ')}, idle ${cpu.idleCores.toFixed(2)}`;
}
