CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per recording; last_seq is the projection's checkpoint for the session.
CREATE TABLE sessions (
  session_id    text PRIMARY KEY,
  user_name     text        NOT NULL,
  host          text        NOT NULL,
  source        text        NOT NULL DEFAULT 'terminal',
  title         text,
  repo          text,
  branches      text[]      NOT NULL DEFAULT '{}',
  started_at    timestamptz NOT NULL,
  ended_at      timestamptz,
  duration_ms   bigint,
  bytes         bigint      NOT NULL DEFAULT 0,
  command_count integer     NOT NULL DEFAULT 0,
  exit_code     integer,
  cols          integer,
  rows          integer,
  last_seq      integer     NOT NULL DEFAULT 0,
  last_at       timestamptz NOT NULL
);
CREATE INDEX sessions_user_started ON sessions (user_name, started_at DESC);
CREATE INDEX sessions_started ON sessions (started_at DESC);

CREATE TABLE commands (
  session_id     text        NOT NULL,
  command_id     text        NOT NULL,
  seq            integer     NOT NULL,
  finished_seq   integer,
  user_name      text        NOT NULL,
  command_line   text        NOT NULL,
  cwd            text,
  repo           text,
  branch         text,
  commit         text,
  exit_code      integer,
  started_at     timestamptz NOT NULL,
  duration_ms    bigint,
  output_excerpt text        NOT NULL DEFAULT '',
  search         tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', command_line || ' ' || left(output_excerpt, 4096))
  ) STORED,
  PRIMARY KEY (session_id, command_id)
);
CREATE INDEX commands_search ON commands USING gin (search);
CREATE INDEX commands_line_trgm ON commands USING gin (command_line gin_trgm_ops);
CREATE INDEX commands_branch_started ON commands (branch, started_at);
CREATE INDEX commands_repo_started ON commands (repo, started_at);

-- What happened, in order, per repo/branch/user/day: the answer to "what happened on this branch on Tuesday".
CREATE TABLE activity (
  session_id text        NOT NULL,
  seq        integer     NOT NULL,
  at         timestamptz NOT NULL,
  user_name  text        NOT NULL,
  host       text        NOT NULL,
  repo       text,
  branch     text,
  kind       text        NOT NULL,
  summary    text        NOT NULL,
  detail     jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (session_id, seq)
);
CREATE INDEX activity_branch_at ON activity (branch, at);
CREATE INDEX activity_repo_at ON activity (repo, at);
CREATE INDEX activity_user_at ON activity (user_name, at);
CREATE INDEX activity_at ON activity (at);
