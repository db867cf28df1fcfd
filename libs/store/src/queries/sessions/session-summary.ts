export interface SessionSummary {
  sessionId: string;
  user: string;
  host: string;
  source: string;
  title: string | null;
  repo: string | null;
  branches: string[];
  startedAt: Date;
  endedAt: Date | null;
  lastAt: Date;
  durationMs: number | null;
  bytes: number;
  commandCount: number;
  exitCode: number | null;
  cols: number | null;
  rows: number | null;
  lastSeq: number;
}

export interface SessionDbRow {
  session_id: string;
  user_name: string;
  host: string;
  source: string;
  title: string | null;
  repo: string | null;
  branches: string[];
  started_at: Date;
  ended_at: Date | null;
  last_at: Date;
  duration_ms: string | null;
  bytes: string;
  command_count: number;
  exit_code: number | null;
  cols: number | null;
  rows: number | null;
  last_seq: number;
}

// bigint columns arrive as strings; sizes and durations here stay far below 2^53.
export function sessionFromRow(row: SessionDbRow): SessionSummary {
  return {
    sessionId: row.session_id,
    user: row.user_name,
    host: row.host,
    source: row.source,
    title: row.title,
    repo: row.repo,
    branches: row.branches,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    lastAt: row.last_at,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    bytes: Number(row.bytes),
    commandCount: row.command_count,
    exitCode: row.exit_code,
    cols: row.cols,
    rows: row.rows,
    lastSeq: row.last_seq,
  };
}
