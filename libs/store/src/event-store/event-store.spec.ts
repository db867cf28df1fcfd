import { AnyEvent, createEvent } from '@backtrack/events';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, TestDatabase } from '../testing';
import { appendEvents } from './append-events';
import { readEventsInSessionOrder, readSessionEvents } from './read-events';

const actor = { user: 'ada', host: 'ada-laptop' };
const at = Date.UTC(2025, 0, 7, 9, 30, 0, 123);

function output(sessionId: string, seq: number, data = `line ${seq}\r\n`): AnyEvent {
  return createEvent({
    sessionId,
    seq,
    type: 'terminal.output',
    payload: { data },
    actor,
    at: at + seq,
  });
}

describe('event store', () => {
  let db: TestDatabase;
  const session = () => `s-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('append a batch once: a redelivery stores nothing more and is reported as duplicates', async () => {
    const id = session();
    const events = [1, 2, 3].map((seq) => output(id, seq));

    const first = await appendEvents(db.dataSource, events);
    const again = await appendEvents(db.dataSource, events);

    expect(first.appended.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(again).toEqual({ appended: [], duplicates: events, conflicts: [] });
    expect(await readSessionEvents(db.dataSource, id)).toEqual(events);
  });

  it('keep the stored event when another one claims its seq, and report the conflict', async () => {
    const id = session();
    const original = output(id, 1, 'original');
    await appendEvents(db.dataSource, [original]);

    const impostor = output(id, 1, 'impostor');
    const result = await appendEvents(db.dataSource, [impostor, output(id, 2)]);

    expect(result.appended.map((e) => e.seq)).toEqual([2]);
    expect(result.conflicts).toEqual([{ event: impostor, storedId: original.id }]);
    expect((await readSessionEvents(db.dataSource, id))[0]).toEqual(original);
  });

  it('read a session after a seq, in pages, with context, times and payloads as they were written', async () => {
    const id = session();
    const withContext = createEvent({
      sessionId: id,
      seq: 1,
      type: 'terminal.command.started',
      payload: { commandId: 'c1', commandLine: 'npm test', cwd: '/src/app' },
      actor,
      context: { repo: 'acme/app', branch: 'main', commit: 'abc1234' },
      at,
    });
    const events = [withContext, ...[2, 3, 4, 5].map((seq) => output(id, seq))];
    await appendEvents(db.dataSource, events);

    expect(await readSessionEvents(db.dataSource, id, { limit: 2 })).toEqual(events.slice(0, 2));
    expect(await readSessionEvents(db.dataSource, id, { afterSeq: 2, limit: 2 })).toEqual(
      events.slice(2, 4),
    );
    expect(await readSessionEvents(db.dataSource, id, { afterSeq: 5 })).toEqual([]);
  });

  it('store terminal output holding NUL characters (jsonb cannot) with U+FFFD in their place', async () => {
    const id = session();
    const event = output(id, 1, 'a\u0000b \\u0000 literal');
    await appendEvents(db.dataSource, [event]);

    const [stored] = await readSessionEvents(db.dataSource, id);

    expect(stored!.payload).toEqual({ data: 'a\ufffdb \\u0000 literal' });
  });

  it('walk every event once in session order, chunk by chunk', async () => {
    const ids = [session(), session(), session()];
    for (const id of ids)
      await appendEvents(
        db.dataSource,
        [1, 2, 3].map((seq) => output(id, seq)),
      );

    const seen: string[] = [];
    let chunk = await readEventsInSessionOrder(db.dataSource, { limit: 4 });
    while (chunk.length > 0) {
      seen.push(...chunk.map((e) => `${e.sessionId}/${e.seq}`));
      const last = chunk[chunk.length - 1]!;
      chunk = await readEventsInSessionOrder(db.dataSource, { after: last, limit: 4 });
    }

    const ours = seen.filter((key) => ids.some((id) => key.startsWith(id)));
    const expected = [...ids].sort().flatMap((id) => [1, 2, 3].map((seq) => `${id}/${seq}`));
    expect(ours).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
