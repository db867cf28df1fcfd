-- Who may see what: a user belongs to one team and sees that team's sessions (sessions.user_name = users.name).
CREATE TABLE teams (
  id         text PRIMARY KEY,
  name       text        NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  name       text PRIMARY KEY,
  team_id    text        NOT NULL REFERENCES teams (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Tokens are stored as SHA-256 hashes; the plain token is shown once, when made.
CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY,
  user_name    text        NOT NULL REFERENCES users (name) ON DELETE CASCADE,
  token_hash   bytea       NOT NULL UNIQUE,
  label        text        NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
