// Commands whose line contains the text as a substring ("hel" finds "helm upgrade"), newest first, leaving out
// those the word search already found. Uses the trigram index commands_user_line_trgm.
export const SEARCH_COMMAND_LINES_SQL = `
SELECT c.session_id, c.command_id, c.seq, c.user_name, c.command_line, c.cwd, c.repo, c.branch, c.exit_code,
       c.started_at, c.duration_ms, 0::real AS rank, c.command_line AS snippet
FROM commands c
WHERE c.command_line ILIKE $1
  AND NOT (c.search @@ websearch_to_tsquery('simple', $7::text))
  AND c.user_name = ANY($2::text[])
  AND ($3::text IS NULL OR c.repo = $3)
  AND ($4::text IS NULL OR c.branch = $4)
  AND ($5::text IS NULL OR c.user_name = $5)
ORDER BY c.started_at DESC, c.session_id, c.seq
LIMIT $6`;
