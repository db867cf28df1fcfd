import { readFileSync } from 'node:fs';

export interface Memory {
  // Resident now, and the peak the kernel recorded for the process's whole life (VmHWM).
  rssBytes: number;
  peakRssBytes: number;
}

// Linux's account of a process's memory; undefined once it is gone.
export function memoryOf(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

export interface CpuTime {
  user: number;
  system: number;
}

// CPU seconds a process has used so far, in its own code and in the kernel; undefined once it is gone.
export function cpuTimeOf(pid: number): CpuTime | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux Node.js supports
  return { user: Number(fields[11]) / ticksPerSecond, system: Number(fields[12]) / ticksPerSecond };
}

// Percent of the last minute some task waited for a CPU (Linux PSI): how contended the machine was.
export function cpuPressure(): number | undefined {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8');
    return Number(/^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(line)?.[1]);
  } catch {
    return undefined;
  }
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}

// Most RSS seen by sampling VmRSS once a second, per process: it backs up the kernel's VmHWM at the end.
export class MemorySampler {
  readonly most = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: Map<string, number>) {
    this.timer = setInterval(() => this.sample(), 1000);
  }

  sample(): void {
    for (const [name, pid] of this.pids) {
      const rss = memoryOf(pid)?.rssBytes ?? 0;
      this.most.set(name, Math.max(this.most.get(name) ?? 0, rss));
    }
  }

  now(name: string): number {
    return memoryOf(this.pids.get(name)!)?.rssBytes ?? 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
