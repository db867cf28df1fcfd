// One long terminal session written straight into the event store: session.started, then coloured output lines
// 10 ms apart, a clear screen every 997 events, a resize every 5000 and a 60 s pause every 20000.
// $1 session id, $2 start (epoch ms), $3..$4 the seqs to write.
export const GENERATE_EVENTS_SQL = `
INSERT INTO events (session_id, seq, id, type, v, at, actor_user, actor_host, payload)
SELECT $1, g.seq,
  (lpad(to_hex(t.ms), 12, '0') || '7' || lpad(to_hex(g.seq % 4096), 3, '0') || '8' ||
   lpad(to_hex((g.seq / 4096) % 4096), 3, '0') || lpad(to_hex(g.seq), 12, '0'))::uuid,
  CASE WHEN g.seq = 1 THEN 'session.started' WHEN g.seq % 5000 = 0 THEN 'terminal.resize' ELSE 'terminal.output' END,
  CASE WHEN g.seq % 5000 = 0 THEN 2 ELSE 1 END,
  to_timestamp(t.ms / 1000.0),
  'ada', 'bench',
  CASE
    WHEN g.seq = 1 THEN jsonb_build_object('source', 'terminal', 'cols', 120, 'rows', 40,
      'agent', jsonb_build_object('name', 'bench', 'version', '1'))
    WHEN g.seq % 5000 = 0 THEN jsonb_build_object('cols', 100 + (g.seq / 5000) % 40, 'rows', 30 + (g.seq / 5000) % 20)
    WHEN g.seq % 997 = 0 THEN jsonb_build_object('data', E'\\u001b[2J\\u001b[H')
    ELSE jsonb_build_object('data', format(E'\\u001b[3%sm%s\\u001b[0m compiled module %s of the bench in %sms\\r\\n',
      g.seq % 8, CASE WHEN g.seq % 3 = 0 THEN '✓' ELSE '•' END, g.seq, g.seq % 97))
  END
FROM generate_series($3::int, $4::int) AS g(seq),
  LATERAL (SELECT $2::bigint + g.seq * 10 + (g.seq / 20000) * 60000 AS ms) t`;

export const SESSION_SPAN_SQL = `
SELECT round(extract(epoch FROM max(at) - min(at)) * 1000)::float8 AS span_ms, max(seq) AS last_seq
FROM events WHERE session_id = $1`;

export const KEYFRAME_STATS_SQL = `
SELECT count(*)::int AS count, coalesce(sum(length(screen)), 0)::float8 AS bytes
FROM keyframes WHERE session_id = $1`;
