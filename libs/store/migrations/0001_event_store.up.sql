-- The event store: every event once, in session order. UNIQUE(session_id, seq) makes appends idempotent.
CREATE TABLE events (
  position    bigserial PRIMARY KEY,
  session_id  text        NOT NULL,
  seq         integer     NOT NULL CHECK (seq > 0),
  id          uuid        NOT NULL,
  type        text        NOT NULL,
  v           smallint    NOT NULL,
  at          timestamptz NOT NULL,
  actor_user  text        NOT NULL,
  actor_host  text        NOT NULL,
  context     jsonb,
  payload     jsonb       NOT NULL,
  -- readers that must not skip rows read only below pg_snapshot_xmin(pg_current_snapshot()).
  tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT events_session_seq UNIQUE (session_id, seq)
);
CREATE INDEX events_session_at ON events (session_id, at);

-- Events the projector could not apply, with the reason; the operator's query is in docs/operations.md.
CREATE TABLE dead_letters (
  id          bigserial   PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  source      text        NOT NULL,
  session_id  text,
  seq         integer,
  type        text,
  reason      text        NOT NULL,
  raw         text        NOT NULL
);
CREATE INDEX dead_letters_received ON dead_letters (received_at DESC);
