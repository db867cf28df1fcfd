// Server-side generation of read-model rows (no round trip per row): the rows 10M recorded events would leave in
// sessions, commands and activity. Words come from syllables so text search sees a realistic, skewed vocabulary.

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'vi',
  'so',
  'de',
  'pa',
  'ri',
  'no',
  'ze',
  'gu',
  'bo',
  'li',
  'ma',
  'te',
  'xo',
  'fi',
  'ha',
  'ju',
  'ke',
  'wa',
  'yo',
  'ci',
  'du',
  'ge',
  'po',
  'su',
  'tra',
  'qui',
  'sto',
  'bre',
  'pla',
  'gri',
  'fro',
  'cla',
  'dri',
  'spe',
];

export interface Shape {
  teams: number;
  users: number;
  repos: number;
  branches: number;
  sessions: number;
  days: number;
  commandsPerSession: number;
  firstDay: string;
}

const syllableArray = `ARRAY[${SYLLABLES.map((s) => `'${s}'`).join(',')}]`;

// bench_word(n): the n-th word of the vocabulary; small n are the common words (picked with a skew below).
export const FUNCTIONS_SQL = `
CREATE FUNCTION bench_word(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (${syllableArray})[1 + n % 40] || (${syllableArray})[1 + (n / 40) % 40]
      || CASE WHEN n >= 1600 THEN (${syllableArray})[1 + (n / 1600) % 40] ELSE '' END
$$;
CREATE FUNCTION bench_any_word() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT bench_word(floor(5000 * power(random(), 2))::int)
$$;
CREATE FUNCTION bench_branch(b int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT 'feature/' || bench_word(b * 37 % 5000) || '-' || b
$$;
CREATE FUNCTION bench_command_line() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE floor(random() * 16)::int
    WHEN 0 THEN 'git status'
    WHEN 1 THEN 'git commit -m "' || bench_any_word() || ' ' || bench_any_word() || '"'
    WHEN 2 THEN 'npm test -- src/' || bench_any_word() || '/' || bench_any_word() || '.spec.ts'
    WHEN 3 THEN 'npm run build'
    WHEN 4 THEN 'kubectl logs ' || bench_any_word() || '-' || floor(random() * 90 + 10)::int
    WHEN 5 THEN 'docker compose up ' || bench_any_word()
    WHEN 6 THEN 'psql -h localhost -c "select * from ' || bench_any_word() || '"'
    WHEN 7 THEN 'curl -s http://localhost:' || floor(random() * 6000 + 3000)::int || '/api/' || bench_any_word()
    WHEN 8 THEN 'ls -la src/' || bench_any_word()
    WHEN 9 THEN 'cd src/' || bench_any_word()
    WHEN 10 THEN 'vim src/' || bench_any_word() || '/' || bench_any_word() || '.ts'
    WHEN 11 THEN 'cargo test ' || bench_any_word() || '_' || bench_any_word()
    WHEN 12 THEN 'python manage.py ' || bench_any_word()
    WHEN 13 THEN 'helm upgrade ' || bench_any_word() || ' ./charts/' || bench_any_word()
    WHEN 14 THEN 'make ' || bench_any_word()
    ELSE 'grep -rn ' || bench_any_word() || ' src'
  END
$$;
CREATE FUNCTION bench_output_line() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT CASE floor(random() * 10)::int
    WHEN 0 THEN 'PASS src/' || bench_any_word() || '/' || bench_any_word() || '.spec.ts (' || floor(random() * 900 + 10)::int || ' ms)'
    WHEN 1 THEN 'FAIL src/' || bench_any_word() || '.spec.ts: expected ' || bench_any_word() || ' to equal ' || bench_any_word()
    WHEN 2 THEN 'Error: connect ECONNREFUSED 127.0.0.1:' || floor(random() * 6000 + 3000)::int
    WHEN 3 THEN 'warning: ' || bench_any_word() || ' is deprecated, use ' || bench_any_word() || ' instead'
    WHEN 4 THEN 'Compiled ' || floor(random() * 400)::int || ' files in ' || floor(random() * 9000)::int || 'ms'
    WHEN 5 THEN '  at ' || bench_any_word() || ' (src/' || bench_any_word() || '.ts:' || floor(random() * 400 + 1)::int || ':' || floor(random() * 80 + 1)::int || ')'
    WHEN 6 THEN bench_any_word() || ' ' || bench_any_word() || ' ' || bench_any_word() || ' ' || bench_any_word() || ' ' || bench_any_word()
    WHEN 7 THEN 'INFO ' || bench_any_word() || ' started on port ' || floor(random() * 6000 + 3000)::int
    WHEN 8 THEN '-rw-r--r--  1 dev dev ' || floor(random() * 90000)::int || ' ' || bench_any_word() || '.ts'
    ELSE 'done in ' || round((random() * 20)::numeric, 2) || 's'
  END
$$;`;

export function accountsSql(shape: Shape): string {
  return `
INSERT INTO teams (id, name) SELECT 'team-' || t, 'team-' || t FROM generate_series(1, ${shape.teams}) t;
INSERT INTO users (name, team_id)
SELECT 'user' || lpad(u::text, 3, '0'), 'team-' || (1 + (u - 1) % ${shape.teams}) FROM generate_series(1, ${shape.users}) u;`;
}

// One row per session with its owner, repo (whose branches it visits) and time span, working hours of the 30 days.
// One row per session with its owner, repo (whose branches it visits) and time span, in working hours of the
// 30 days; numbered in start order so commands can be written in time order, as the projector writes them.
export function sessionsSql(shape: Shape): string {
  return `
CREATE UNLOGGED TABLE bench_sessions AS
SELECT row_number() OVER (ORDER BY started_at) AS idx, *
FROM (
  SELECT 'bench-' || lpad(s::text, 6, '0') AS session_id,
         'user' || lpad((1 + floor(random() * ${shape.users}))::int::text, 3, '0') AS user_name,
         'acme/' || bench_word(r * 101 % 5000) AS repo,
         ARRAY(SELECT DISTINCT bench_branch(r + ${shape.repos} * floor(random() * ${shape.branches / shape.repos})::int + 0 * s)
               FROM generate_series(1, 1 + floor(random() * 3)::int + 0 * s)) AS branches,
         timestamptz '${shape.firstDay}' + floor(random() * ${shape.days}) * interval '1 day' + (7 + random() * 10) * interval '1 hour' AS started_at,
         (20 + random() * 460) * interval '1 minute' AS duration
  FROM generate_series(1, ${shape.sessions}) s,
       LATERAL (SELECT 1 + floor(random() * ${shape.repos})::int + 0 * s AS r) pick
) planned;`;
}

// Text is made once into pools (command lines, blocks of output lines), then dealt out to the commands by hash
// joins: a million commands cost a join, not twenty million function calls.
export const TEXT_POOLS_SQL = `
CREATE UNLOGGED TABLE bench_command_lines AS
SELECT i AS id, bench_command_line() AS line FROM generate_series(0, 199999) i;
CREATE UNLOGGED TABLE bench_output_blocks AS
SELECT i AS id, array_to_string(ARRAY(SELECT bench_output_line() FROM generate_series(1, 1 + (i * 7) % 5 + 0 * i)), E'\\n') AS text
FROM generate_series(0, 49999) i;
ANALYZE bench_command_lines;
ANALYZE bench_output_blocks;`;

export function commandsSql(shape: Shape, fromSession: number, toSession: number): string {
  const n = shape.commandsPerSession;
  return `
INSERT INTO commands (session_id, command_id, seq, finished_seq, user_name, command_line, cwd, repo, branch, commit,
                      exit_code, started_at, duration_ms, output_excerpt)
SELECT c.session_id, 'c' || c.k, c.k * 10, c.k * 10 + 9, c.user_name, line.line, c.cwd, c.repo, c.branch, NULL,
       c.exit_code, c.started_at, c.duration_ms, head.text || E'\\n' || tail.text
FROM (
  SELECT s.session_id, k, s.user_name, s.repo, '/home/' || s.user_name || '/' || s.repo AS cwd,
         s.branches[1 + (k - 1) * array_length(s.branches, 1) / ${n}] AS branch,
         CASE WHEN random() < 0.85 THEN 0 WHEN random() < 0.7 THEN 1 ELSE 2 + floor(random() * 126)::int END AS exit_code,
         s.started_at + s.duration * ((k - 1)::float8 / ${n}) AS started_at,
         floor(random() * random() * 60000)::int AS duration_ms,
         floor(random() * 200000)::int AS line_id, floor(random() * 50000)::int AS head_id, floor(random() * 50000)::int AS tail_id
  FROM bench_sessions s CROSS JOIN generate_series(1, ${n}) k
  WHERE s.idx BETWEEN ${fromSession} AND ${toSession}
) c
JOIN bench_command_lines line ON line.id = c.line_id
JOIN bench_output_blocks head ON head.id = c.head_id
JOIN bench_output_blocks tail ON tail.id = c.tail_id
ORDER BY c.started_at;`;
}

// What the projector writes per finished command, plus saves, branch switches, notes and session start/end.
export function activitySql(shape: Shape): string {
  const n = shape.commandsPerSession;
  return `
INSERT INTO activity (session_id, seq, at, user_name, host, repo, branch, kind, summary, detail)
SELECT * FROM (
  SELECT c.session_id, c.finished_seq, c.started_at + c.duration_ms * interval '1 millisecond' AS at, c.user_name,
         c.user_name || '-laptop', c.repo, c.branch, 'terminal.command.finished', c.command_line,
         jsonb_build_object('exitCode', c.exit_code, 'cwd', c.cwd, 'durationMs', c.duration_ms)
  FROM commands c
  UNION ALL
  SELECT s.session_id, k * 10 + 5, s.started_at + s.duration * ((k - 0.5) / ${n}), s.user_name, s.user_name || '-laptop',
         s.repo, s.branches[1 + (k - 1) * array_length(s.branches, 1) / ${n}], kind.kind, kind.summary, '{}'::jsonb
  FROM bench_sessions s CROSS JOIN generate_series(1, ${n}) k,
       LATERAL (
         SELECT CASE WHEN k % 250 = 0 THEN 'note.added' WHEN k % 100 = 0 THEN 'git.head.changed' ELSE 'editor.file.saved' END AS kind,
                CASE WHEN k % 250 = 0 THEN 'look at ' || bench_word(k % 5000)
                     WHEN k % 100 = 0 THEN 'checked out ' || s.branches[1 + (k - 1) * array_length(s.branches, 1) / ${n}]
                     ELSE 'src/' || bench_word((k * 13 + s.idx::int) % 5000) || '.ts' END AS summary
       ) kind
  WHERE k % 2 = 0
  UNION ALL
  SELECT session_id, 1, started_at, user_name, user_name || '-laptop', repo, branches[1], 'session.started', 'bash',
         '{"source":"terminal"}'::jsonb
  FROM bench_sessions
  UNION ALL
  SELECT session_id, ${n} * 10 + 20, started_at + duration, user_name, user_name || '-laptop', repo,
         branches[array_length(branches, 1)], 'session.ended', 'session ended with exit code 0', '{"exitCode":0,"reason":"exited"}'::jsonb
  FROM bench_sessions
) rows
ORDER BY at;

INSERT INTO sessions (session_id, user_name, host, source, title, repo, branches, started_at, ended_at, duration_ms, bytes,
                      command_count, exit_code, cols, rows, last_seq, last_at)
SELECT session_id, user_name, user_name || '-laptop', 'terminal', NULL, repo, branches, started_at, started_at + duration,
       (extract(epoch FROM duration) * 1000)::bigint, ${n} * 2000, ${n}, 0, 120, 40, ${n} * 10 + 20, started_at + duration
FROM bench_sessions
ORDER BY started_at;`;
}
