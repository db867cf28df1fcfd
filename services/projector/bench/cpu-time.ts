// CPU time of the processes a benchmark involves, read from Linux /proc, so a figure can say what it was bound by.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export type CpuByPid = Map<number, number>;

// undefined once the process has ended.
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export function cpuOf(pids: Iterable<number>): CpuByPid {
  const cpu: CpuByPid = new Map();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) cpu.set(pid, seconds);
  }
  return cpu;
}

// Seconds spent between two readings; a process that started in between counts from zero, one that ended is lost.
export function cpuSpent(before: CpuByPid, after: CpuByPid): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

// The database's own server processes plus the server-wide ones (WAL writer, checkpointer) that its writes keep busy.
export async function postgresPids(dataSource: DataSource, database: string): Promise<number[]> {
  const rows: Array<{ pid: number }> = await dataSource.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = $1 OR backend_type <> 'client backend'`,
    [database],
  );
  return rows.map((row) => row.pid);
}

// Processes whose command line contains `fragment`, e.g. the broker's.
export function pidsWhoseCommandLineHas(fragment: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(fragment))
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

// Busy CPU seconds of the whole machine, all cores together.
export function machineBusySeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
}

export type PidSources = Record<string, () => number[] | Promise<number[]>>;

export interface CpuBreakdown {
  wallSeconds: number;
  // Average cores each participant kept busy; `rest of machine` is everything else running meanwhile.
  cores: Record<string, number>;
  idleCores: number;
}

// CPU time of named participants over a stretch of wall time, beside the machine's total.
export class CpuMeter {
  private constructor(
    private readonly sources: PidSources,
    private readonly before: Map<string, CpuByPid>,
    private readonly machineBefore: number,
    private readonly startedAt: number,
  ) {}

  static async start(sources: PidSources): Promise<CpuMeter> {
    const before = new Map<string, CpuByPid>();
    for (const [name, pids] of Object.entries(sources)) before.set(name, cpuOf(await pids()));
    return new CpuMeter(sources, before, machineBusySeconds(), Date.now());
  }

  async stop(): Promise<CpuBreakdown> {
    const wallSeconds = (Date.now() - this.startedAt) / 1000;
    const cores: Record<string, number> = {};
    let known = 0;
    for (const [name, pids] of Object.entries(this.sources)) {
      const before = this.before.get(name)!;
      const spent = cpuSpent(before, cpuOf(new Set([...before.keys(), ...(await pids())])));
      cores[name] = spent / wallSeconds;
      known += spent;
    }
    const busy = machineBusySeconds() - this.machineBefore;
    cores['rest of machine'] = Math.max(0, busy - known) / wallSeconds;
    return { wallSeconds, cores, idleCores: Math.max(0, cpus().length - busy / wallSeconds) };
  }
}
