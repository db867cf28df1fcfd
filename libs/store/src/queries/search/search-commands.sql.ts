// Commands whose line or output contain the words, best first (ts_rank). Only the newest $7 matches are ranked:
// a rare word is found through the GIN index (commands_user_search) and all its matches are ranked; a word in half the
// commands is found by a short newest-first scan of commands_started instead of ranking every match. The tsquery
// is written inline (not in a shared CTE) so the planner sees its selectivity and can choose between the two.
// The snippet is made for the returned rows only.
export const SEARCH_COMMANDS_SQL = `
WITH newest_matches AS (
  SELECT c.session_id, c.command_id, c.seq, c.user_name, c.command_line, c.cwd, c.repo, c.branch, c.exit_code,
         c.started_at, c.duration_ms, c.output_excerpt, c.search
  FROM commands c
  WHERE c.search @@ websearch_to_tsquery('simple', $1::text)
    AND c.user_name = ANY($2::text[])
    AND ($3::text IS NULL OR c.repo = $3)
    AND ($4::text IS NULL OR c.branch = $4)
    AND ($5::text IS NULL OR c.user_name = $5)
  ORDER BY c.started_at DESC
  LIMIT $7
),
best AS (
  SELECT m.*, ts_rank(m.search, websearch_to_tsquery('simple', $1::text)) AS rank
  FROM newest_matches m
  ORDER BY rank DESC, m.started_at DESC, m.session_id, m.seq
  LIMIT $6
)
SELECT b.session_id, b.command_id, b.seq, b.user_name, b.command_line, b.cwd, b.repo, b.branch, b.exit_code,
       b.started_at, b.duration_ms, b.rank,
       ts_headline('simple', b.command_line || E'\\n' || left(b.output_excerpt, 4096), websearch_to_tsquery('simple', $1::text),
                   'StartSel=«, StopSel=», MaxWords=16, MinWords=6, MaxFragments=1') AS snippet
FROM best b
ORDER BY b.rank DESC, b.started_at DESC, b.session_id, b.seq`;
