// Read-model rows as the projector computes them; times are epoch milliseconds.
export interface SessionRow {
  sessionId: string;
  userName: string;
  host: string;
  source: string;
  title: string | null;
  repo: string | null;
  branches: string[];
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  bytes: number;
  commandCount: number;
  exitCode: number | null;
  cols: number | null;
  rows: number | null;
  lastSeq: number;
  lastAt: number;
}

export interface CommandRow {
  sessionId: string;
  commandId: string;
  seq: number;
  finishedSeq: number | null;
  userName: string;
  commandLine: string;
  cwd: string | null;
  repo: string | null;
  branch: string | null;
  commit: string | null;
  exitCode: number | null;
  startedAt: number;
  durationMs: number | null;
  outputExcerpt: string;
}

export interface ActivityRow {
  sessionId: string;
  seq: number;
  at: number;
  userName: string;
  host: string;
  repo: string | null;
  branch: string | null;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
}
