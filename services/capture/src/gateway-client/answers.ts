// The gateway's answers as the CLI reads them (services share no code; docs/api.md is the contract).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  sessionId: string;
  seq: number;
  at: string;
  user: string;
  host: string;
  repo: string | null;
  branch: string | null;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
}

export interface CommandHit {
  sessionId: string;
  seq: number;
  commandId: string;
  user: string;
  commandLine: string;
  exitCode: number | null;
  cwd: string | null;
  repo: string | null;
  branch: string | null;
  startedAt: string;
  durationMs: number | null;
  rank: number;
  snippet: string;
}

export interface SessionSummary {
  sessionId: string;
  user: string;
  host: string;
  source: string;
  title: string | null;
  repo: string | null;
  branches: string[];
  startedAt: string;
  endedAt: string | null;
  lastAt: string;
  durationMs: number | null;
  commandCount: number;
  exitCode: number | null;
}

export interface Me {
  user: string;
  team: { id: string; name: string };
  tokenId: string;
}
