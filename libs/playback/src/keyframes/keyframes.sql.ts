// A keyframe already stored for (session_id, seq) is the same screen: a second writer changes nothing.
export const SAVE_KEYFRAME_SQL = `
INSERT INTO keyframes (session_id, seq, at, cols, rows, screen)
VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4, $5, $6)
ON CONFLICT (session_id, seq) DO NOTHING`;

const KEYFRAME_COLUMNS = `session_id, seq, round(extract(epoch FROM at) * 1000)::float8 AS at_ms, cols, rows, screen`;

// The primary key (session_id, seq) answers this with one index probe, backwards from the target.
export const NEAREST_KEYFRAME_BY_SEQ_SQL = `
SELECT ${KEYFRAME_COLUMNS}
FROM keyframes
WHERE session_id = $1 AND seq <= $2
ORDER BY seq DESC
LIMIT 1`;

export const NEAREST_KEYFRAME_BY_TIME_SQL = `
SELECT ${KEYFRAME_COLUMNS}
FROM keyframes
WHERE session_id = $1 AND at <= to_timestamp($2::float8 / 1000)
ORDER BY seq DESC
LIMIT 1`;

export const COUNT_KEYFRAMES_SQL = `SELECT count(*)::int AS count FROM keyframes WHERE session_id = $1`;

// One page in seq order, resumed after the last seq of the previous page (keyset on the primary key).
export const LIST_KEYFRAMES_SQL = `
SELECT ${KEYFRAME_COLUMNS}
FROM keyframes
WHERE session_id = $1 AND seq > $2
ORDER BY seq
LIMIT $3`;
