// The physical ceiling: the same rows written by a plain COPY into the same events table, indexes and all.
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AnyEvent } from '@backtrack/events';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COPY_EVENTS_SQL =
  'COPY events (session_id, seq, id, type, v, at, actor_user, actor_host, context, payload) FROM STDIN';

// COPY's text format: tab-separated, \N for null, and backslash, tab, newline and CR escaped.
const escapeText = (value: string) =>
  value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );

// The rows of one batch, as the projector's INSERT would store them.
export function copyRows(events: AnyEvent[]): Buffer {
  let text = '';
  for (const e of events) {
    text += [
      escapeText(e.sessionId),
      e.seq,
      e.id,
      escapeText(e.type),
      e.v,
      new Date(e.at).toISOString(),
      escapeText(e.actor.user),
      escapeText(e.actor.host),
      e.context ? escapeText(JSON.stringify(e.context)) : '\\N',
      escapeText(JSON.stringify(e.payload)),
    ].join('\t');
    text += '\n';
  }
  return Buffer.from(text);
}

// One COPY statement of all the rows, rendered beforehand so only Postgres's work is timed; returns the seconds.
export async function timedCopy(client: Client, chunks: Buffer[], rows: number): Promise<number> {
  const started = performance.now();
  await pipeline(Readable.from(chunks), client.query(copyFrom(COPY_EVENTS_SQL)));
  const seconds = (performance.now() - started) / 1000;
  const { rows: counted } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
  if (Number(counted[0]!.n) !== rows)
    throw new Error(`COPY stored ${counted[0]!.n} rows, expected ${rows}`);
  return seconds;
}
