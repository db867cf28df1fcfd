import { createTestDatabase, TestDatabase } from '../testing';
import {
  countDeadLetters,
  listDeadLetters,
  recordDeadLetter,
  recordDeadLetters,
} from './dead-letters';

describe('dead letters', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('record many in one statement and list them newest first with the raw text cut short', async () => {
    await recordDeadLetters(db.dataSource, [
      {
        source: 'projector',
        sessionId: 's1',
        seq: 4,
        type: 'terminal.output',
        reason: 'gap: expected seq 3, got 4',
        raw: '{"seq":4}',
      },
      { source: 'projector', reason: 'event: expected an object [invalid_envelope]', raw: '42' },
    ]);
    await recordDeadLetter(db.dataSource, {
      source: 'bus',
      sessionId: 's2',
      reason: 'batch: not JSON',
      raw: `x\u0000${'y'.repeat(900)}`,
    });

    const letters = await listDeadLetters(db.dataSource, { limit: 2, rawChars: 10 });

    expect(letters.map((l) => [l.source, l.sessionId, l.seq, l.reason])).toEqual([
      ['bus', 's2', null, 'batch: not JSON'],
      ['projector', null, null, 'event: expected an object [invalid_envelope]'],
    ]);
    expect(letters[0]!.raw).toBe('x\\u0000yyy');
    expect(letters[0]!.rawLength).toBe(907);
    expect(await listDeadLetters(db.dataSource, { source: 'projector' })).toHaveLength(2);
  });

  it('record a letter once however often it is recorded again (a redelivered batch)', async () => {
    const letter = {
      source: 'projector' as const,
      sessionId: 's3',
      seq: 9,
      reason: 'conflict: seq 9 already stored with another id',
      raw: '{}',
    };
    await recordDeadLetters(db.dataSource, [letter, letter]);
    await recordDeadLetter(db.dataSource, letter);
    await recordDeadLetter(db.dataSource, { ...letter, seq: 10 });

    const letters = await listDeadLetters(db.dataSource, { source: 'projector' });

    expect(letters.filter((l) => l.sessionId === 's3').map((l) => l.seq)).toEqual([10, 9]);
    expect((await countDeadLetters(db.dataSource)).map((c) => [c.source, c.count])).toEqual([
      ['bus', 1],
      ['projector', 4],
    ]);
  });
});
