-- Indexes for the gateway's questions (libs/store/src/queries); measured by `npm run bench:query`.

-- Every question is asked for a team (user_name = ANY(team members)). With user_name inside the GIN indexes, the
-- team filter is applied in the index instead of by fetching every other team's matching rows from the heap.
-- They replace the single-column indexes of 0002, which no query needs once these exist.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX commands_user_search ON commands USING gin (user_name, search);
CREATE INDEX commands_user_line_trgm ON commands USING gin (user_name, command_line gin_trgm_ops);
DROP INDEX commands_search;
DROP INDEX commands_line_trgm;

-- Search ranks only the newest matches of a common word: found by scanning commands newest first.
CREATE INDEX commands_started ON commands (started_at);
