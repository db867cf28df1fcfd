DROP INDEX commands_started;
CREATE INDEX commands_line_trgm ON commands USING gin (command_line gin_trgm_ops);
CREATE INDEX commands_search ON commands USING gin (search);
DROP INDEX commands_user_line_trgm;
DROP INDEX commands_user_search;
DROP EXTENSION IF EXISTS btree_gin;
