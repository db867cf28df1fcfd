-- A share link opens one moment (session, seq) of one session, read-only, with no account: its token is the key.
-- Like api_tokens, only the token's SHA-256 is stored; the plain token is shown once, when the link is made.
CREATE TABLE share_links (
  id          uuid PRIMARY KEY,
  token_hash  bytea       NOT NULL UNIQUE,
  session_id  text        NOT NULL,
  seq         integer     NOT NULL CHECK (seq > 0),
  -- The team that may list and revoke it: the team of the user who made it (the session's team).
  team_id     text        NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  created_by  text        NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  label       text        NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);
CREATE INDEX share_links_session ON share_links (session_id, created_at DESC);
