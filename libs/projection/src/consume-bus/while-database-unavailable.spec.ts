import { isDatabaseUnavailable, whileDatabaseUnavailable } from './while-database-unavailable';

const failure = (message: string, code?: string) =>
  Object.assign(new Error(message), code ? { code } : {});

describe('whileDatabaseUnavailable', () => {
  it('tell an unavailable database from a failure of the batch itself', () => {
    expect(
      isDatabaseUnavailable(
        failure('terminating connection due to administrator command', '57P01'),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')),
    ).toBe(true);
    expect(isDatabaseUnavailable(failure('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(failure('deadlock detected', '40P01'))).toBe(true);
    expect(
      isDatabaseUnavailable(failure('value too long for type character varying(10)', '22001')),
    ).toBe(false);
    expect(
      isDatabaseUnavailable(failure('duplicate key value violates unique constraint', '23505')),
    ).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });

  it('try again while the database is unavailable and return what the work returns', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await whileDatabaseUnavailable(
      async () => {
        if (++calls < 4) throw failure('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
        return 'projected';
      },
      { isStopping: () => false, onWait: (_, attempt) => waits.push(attempt), maxDelayMs: 5 },
    );
    expect([result, calls, waits]).toEqual(['projected', 4, [1, 2, 3]]);
  });

  it('pass any other failure on at once, and stop waiting when the projector stops', async () => {
    const bad = failure('invalid input syntax for type uuid', '22P02');
    await expect(
      whileDatabaseUnavailable(() => Promise.reject(bad), { isStopping: () => false }),
    ).rejects.toBe(bad);
    const down = failure('Connection terminated unexpectedly');
    await expect(
      whileDatabaseUnavailable(() => Promise.reject(down), { isStopping: () => true }),
    ).rejects.toBe(down);
  });
});
