import { AnyEvent, createEvent } from '@backtrack/events';
import { DataSource } from 'typeorm';
import { appendEvents } from '../event-store/append-events';
import { countEvents, readSessionEvents } from '../event-store/read-events';
import { runMigrations } from '../migrations/run-migrations';
import { searchCommands } from '../queries/search/search-commands';
import { lockSessions } from '../read-models/read-models';
import { EmbeddedTestContext } from './embedded.test-context';

jest.setTimeout(180_000);

const ada = { user: 'ada', host: 'ada-laptop' };

function output(sessionId: string, seq: number): AnyEvent {
  return createEvent({
    sessionId,
    seq,
    type: 'terminal.output',
    payload: { data: `${seq}\r\n` },
    actor: ada,
  });
}

describe('the store queries that lean on Postgres features, on embedded Postgres', () => {
  const ctx = new EmbeddedTestContext();
  let db: DataSource;
  let url: string;

  beforeAll(async () => {
    ({ url } = await ctx.start());
    await runMigrations(url);
    db = await ctx.dataSource(url);
    await db.query(`
      INSERT INTO commands (session_id, command_id, seq, user_name, command_line, started_at, output_excerpt) VALUES
        ('s1', 'c1', 1, 'ada', 'kubectl apply -f deploy.yaml', now() - interval '1 minute', 'deployment.apps/web configured'),
        ('s1', 'c2', 5, 'ada', 'helm upgrade web ./chart', now(), 'Release "web" has been upgraded'),
        ('s2', 'c1', 1, 'bob', 'kubectl apply -f other.yaml', now(), 'deployment.apps/api configured')`);
  });
  afterAll(() => ctx.cleanup());

  it('stamp appended events with an xid8 below the snapshot horizon once committed', async () => {
    await appendEvents(db, [output('s-xid', 1), output('s-xid', 2)]);

    const rows = await db.query(`
      SELECT seq, pg_typeof(tx_id)::text AS type, tx_id < pg_snapshot_xmin(pg_current_snapshot()) AS settled
      FROM events WHERE session_id = 's-xid' ORDER BY seq`);

    expect(rows).toEqual([
      { seq: 1, type: 'xid8', settled: true },
      { seq: 2, type: 'xid8', settled: true },
    ]);
  });

  it('find commands by word (websearch tsquery, simple config) and by substring (ILIKE on the trigram index)', async () => {
    const byWord = await searchCommands(db, { text: 'configured', members: ['ada'], limit: 10 });
    const bySubstring = await searchCommands(db, { text: 'upgr', members: ['ada'], limit: 10 });
    const byPhrase = await searchCommands(db, {
      text: '"kubectl apply" -deploy.yaml',
      members: ['ada', 'bob'],
      limit: 10,
    });

    expect(byWord.map((hit) => [hit.sessionId, hit.commandId, hit.snippet])).toEqual([
      ['s1', 'c1', expect.stringContaining('«configured»')],
    ]);
    expect(bySubstring.map((hit) => [hit.sessionId, hit.commandId])).toEqual([['s1', 'c2']]);
    expect(byPhrase.map((hit) => [hit.sessionId, hit.commandId])).toEqual([['s2', 'c1']]);
  });

  it('match misspelt command lines by trigram similarity', async () => {
    const rows = await db.query(
      `SELECT session_id, command_id FROM commands WHERE command_line % $1 ORDER BY similarity(command_line, $1) DESC`,
      ['kubectl aply -f deploy.yml'],
    );

    expect(rows[0]).toEqual({ session_id: 's1', command_id: 'c1' });
  });

  it('take transaction advisory locks per session and session advisory locks', async () => {
    const locked = await db.transaction(async (tx) => {
      await lockSessions(tx, ['s2', 's1', 's1']);
      return tx.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7001`,
      );
    });
    const [session] = await db.query(
      'SELECT pg_try_advisory_lock(42) AS taken, pg_advisory_unlock(42) AS released',
    );

    expect(locked).toEqual([{ n: 2 }]);
    expect(session).toEqual({ taken: true, released: true });
  });

  it('serve a projector and a gateway at once: concurrent batch transactions in one pool, reads in another', async () => {
    const gateway = await ctx.dataSource(url, 4);
    const sessions = ['p1', 'p2', 'p3', 'p4'];
    const batches = sessions.flatMap((sessionId) =>
      [0, 1, 2, 3, 4].map((b) =>
        Array.from({ length: 10 }, (_, i) => output(sessionId, b * 10 + i + 1)),
      ),
    );

    const reads = Array.from({ length: 40 }, () => countEvents(gateway));
    await Promise.all([
      ...batches.map((batch) =>
        db.transaction(async (tx) => {
          await lockSessions(tx, [batch[0]!.sessionId]);
          await appendEvents(tx, batch);
        }),
      ),
      ...reads,
    ]);

    for (const sessionId of sessions) {
      const stored = await readSessionEvents(gateway, sessionId);
      expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    }
  });
});
