const ms = (column: string, alias: string) =>
  `round(extract(epoch FROM ${column}) * 1000)::float8 AS "${alias}"`;

// Serializes projection per session (e.g. two consumers during a rebalance); sorted so two sessions never deadlock.
export const LOCK_SESSIONS_SQL = `
SELECT count(pg_advisory_xact_lock(7001, hashtext(k.session_id)))::int AS locked
FROM (SELECT DISTINCT unnest($1::text[]) AS session_id ORDER BY 1) AS k`;

export const LOAD_SESSIONS_SQL = `
SELECT session_id AS "sessionId", user_name AS "userName", host, source, title, repo, branches,
  ${ms('started_at', 'startedAt')}, ${ms('ended_at', 'endedAt')}, duration_ms::float8 AS "durationMs", bytes::float8 AS bytes,
  command_count AS "commandCount", exit_code AS "exitCode", cols, rows, last_seq AS "lastSeq", ${ms('last_at', 'lastAt')}
FROM sessions
WHERE session_id = ANY($1::text[])`;

const COMMAND_COLUMNS = `session_id AS "sessionId", command_id AS "commandId", seq, finished_seq AS "finishedSeq",
  user_name AS "userName", command_line AS "commandLine", cwd, repo, branch, commit, exit_code AS "exitCode",
  ${ms('started_at', 'startedAt')}, duration_ms::float8 AS "durationMs", output_excerpt AS "outputExcerpt"`;

// The commands a batch can touch: those still open (output goes to them) and those it finishes by id.
export const LOAD_COMMANDS_SQL = `
SELECT ${COMMAND_COLUMNS} FROM commands
WHERE session_id = ANY($1::text[]) AND finished_seq IS NULL
UNION
SELECT ${COMMAND_COLUMNS} FROM commands
JOIN unnest($2::text[], $3::text[]) AS k(session_id, command_id) USING (session_id, command_id)`;

// The projector computes whole rows, so one upsert statement writes every session a batch touched.
export const UPSERT_SESSIONS_SQL = `
INSERT INTO sessions (session_id, user_name, host, source, title, repo, branches, started_at, ended_at, duration_ms,
  bytes, command_count, exit_code, cols, rows, last_seq, last_at)
SELECT r."sessionId", r."userName", r.host, r.source, r.title, r.repo, r.branches, to_timestamp(r."startedAt" / 1000),
  to_timestamp(r."endedAt" / 1000), r."durationMs", r.bytes, r."commandCount", r."exitCode", r.cols, r.rows,
  r."lastSeq", to_timestamp(r."lastAt" / 1000)
FROM json_to_recordset($1::json) AS r("sessionId" text, "userName" text, host text, source text, title text,
  repo text, branches text[], "startedAt" float8, "endedAt" float8, "durationMs" bigint, bytes bigint,
  "commandCount" int, "exitCode" int, cols int, rows int, "lastSeq" int, "lastAt" float8)
ON CONFLICT (session_id) DO UPDATE SET
  user_name = EXCLUDED.user_name, host = EXCLUDED.host, source = EXCLUDED.source, title = EXCLUDED.title,
  repo = EXCLUDED.repo, branches = EXCLUDED.branches, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,
  duration_ms = EXCLUDED.duration_ms, bytes = EXCLUDED.bytes, command_count = EXCLUDED.command_count,
  exit_code = EXCLUDED.exit_code, cols = EXCLUDED.cols, rows = EXCLUDED.rows, last_seq = EXCLUDED.last_seq,
  last_at = EXCLUDED.last_at`;

export const UPSERT_COMMANDS_SQL = `
INSERT INTO commands (session_id, command_id, seq, finished_seq, user_name, command_line, cwd, repo, branch, commit,
  exit_code, started_at, duration_ms, output_excerpt)
SELECT r."sessionId", r."commandId", r.seq, r."finishedSeq", r."userName", r."commandLine", r.cwd, r.repo, r.branch,
  r.commit, r."exitCode", to_timestamp(r."startedAt" / 1000), r."durationMs", r."outputExcerpt"
FROM json_to_recordset($1::json) AS r("sessionId" text, "commandId" text, seq int, "finishedSeq" int,
  "userName" text, "commandLine" text, cwd text, repo text, branch text, commit text, "exitCode" int,
  "startedAt" float8, "durationMs" bigint, "outputExcerpt" text)
ON CONFLICT (session_id, command_id) DO UPDATE SET
  seq = EXCLUDED.seq, finished_seq = EXCLUDED.finished_seq, user_name = EXCLUDED.user_name,
  command_line = EXCLUDED.command_line, cwd = EXCLUDED.cwd, repo = EXCLUDED.repo, branch = EXCLUDED.branch,
  commit = EXCLUDED.commit, exit_code = EXCLUDED.exit_code, started_at = EXCLUDED.started_at,
  duration_ms = EXCLUDED.duration_ms, output_excerpt = EXCLUDED.output_excerpt`;

export const INSERT_ACTIVITY_SQL = `
INSERT INTO activity (session_id, seq, at, user_name, host, repo, branch, kind, summary, detail)
SELECT r."sessionId", r.seq, to_timestamp(r.at / 1000), r."userName", r.host, r.repo, r.branch, r.kind, r.summary,
  r.detail
FROM json_to_recordset($1::json) AS r("sessionId" text, seq int, at float8, "userName" text, host text, repo text,
  branch text, kind text, summary text, detail jsonb)`;

export const TRUNCATE_READ_MODELS_SQL = `TRUNCATE sessions, commands, activity`;
