-- Snapshots of a terminal session's screen, so playback can seek without replaying from the first event.
-- seq is the last event folded in; screen is the serialized terminal (@xterm/addon-serialize) that redraws it.
CREATE TABLE keyframes (
  session_id text        NOT NULL,
  seq        integer     NOT NULL CHECK (seq > 0),
  at         timestamptz NOT NULL,
  cols       integer     NOT NULL,
  rows       integer     NOT NULL,
  screen     text        NOT NULL,
  PRIMARY KEY (session_id, seq)
);
