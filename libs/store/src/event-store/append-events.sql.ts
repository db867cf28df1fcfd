// One statement per batch, the events passed as one JSON array (cheaper to send than ten parallel arrays).
// A (session_id, seq) already stored is skipped, so a redelivered event is a no-op.
export const APPEND_EVENTS_SQL = `
INSERT INTO events (session_id, seq, id, type, v, at, actor_user, actor_host, context, payload)
SELECT e."sessionId", e.seq, e.id, e.type, e.v, to_timestamp(e.at / 1000), e.actor ->> 'user', e.actor ->> 'host',
  e.context, e.payload
FROM json_to_recordset($1::json) AS e("sessionId" text, seq int, id uuid, type text, v smallint, at float8,
  actor json, context jsonb, payload jsonb)
ON CONFLICT (session_id, seq) DO NOTHING
RETURNING session_id, seq`;

// Only run when some events were skipped: tells a redelivery (same id) from a conflicting event (another id).
export const STORED_IDS_SQL = `
SELECT e.session_id, e.seq, e.id::text AS id
FROM events e
JOIN unnest($1::text[], $2::int[]) AS k(session_id, seq) USING (session_id, seq)`;
