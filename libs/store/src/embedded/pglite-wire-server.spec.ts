import { connect, Socket } from 'node:net';
import { Pool } from 'pg';
import { EmbeddedTestContext } from './embedded.test-context';
import { EmbeddedPostgres } from './start-embedded-postgres';

jest.setTimeout(180_000);

// A bare protocol client, for what pg never does on purpose: stop between two messages of one query.
async function rawConnection(
  url: string,
): Promise<{ socket: Socket; reply: () => Promise<Buffer> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk) => {
    chunks.push(chunk);
    waiting?.();
  });
  const reply = async () => {
    if (chunks.length === 0) await new Promise<void>((arrived) => (waiting = arrived));
    return Buffer.concat(chunks.splice(0));
  };
  const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));
  await reply();
  return { socket, reply };
}

function parseMessage(sql: string): Buffer {
  const body = Buffer.concat([Buffer.from(`\0${sql}\0`), Buffer.from([0, 0])]);
  const header = Buffer.from('P0000');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

describe('PGlite served over TCP to many connections', () => {
  const ctx = new EmbeddedTestContext();
  let database: EmbeddedPostgres;

  beforeAll(async () => {
    database = await ctx.start();
    const setup = await ctx.client(database.url);
    await setup.query('CREATE TABLE marks (note text)');
  });
  afterAll(() => ctx.cleanup());
  beforeEach(async () => {
    const setup = await ctx.client(database.url);
    await setup.query('TRUNCATE marks');
  });

  it('keep concurrent queries apart even when a large parameter arrives in many TCP reads', async () => {
    // The case @electric-sql/pglite-socket 0.2.17 gets wrong: another connection's Parse lands between this
    // connection's Parse and its Bind, so the parameters are bound to the wrong statement.
    const pool = new Pool({ connectionString: database.url, max: 8 });
    const large = 'x'.repeat(500_000);
    try {
      const answers = await Promise.all(
        Array.from({ length: 120 }, async (_, i) => {
          const { rows } =
            i % 4 === 0
              ? await pool.query(`SELECT length($1::text) + ${i} AS n`, [large])
              : await pool.query(`SELECT $1::int + ${i} AS n`, [i]);
          return rows[0].n as number;
        }),
      );
      expect(answers).toEqual(
        Array.from({ length: 120 }, (_, i) => (i % 4 === 0 ? large.length + i : 2 * i)),
      );
    } finally {
      await pool.end();
    }
  });

  it('let a transaction finish before another connection runs, which then sees only what was committed', async () => {
    const writer = await ctx.client(database.url);
    const reader = await ctx.client(database.url);
    await writer.query('BEGIN');
    await writer.query("INSERT INTO marks VALUES ('first')");
    let readerAnswered = false;
    const read = reader.query('SELECT count(*)::int AS n FROM marks').then((result) => {
      readerAnswered = true;
      return result.rows[0].n as number;
    });

    // Round trips enough for the reader's query to reach the server many times over.
    for (let more = 0; more < 20; more++) await writer.query("INSERT INTO marks VALUES ('more')");
    expect(readerAnswered).toBe(false);
    await writer.query('COMMIT');

    expect(await read).toBe(21);
  });

  it('roll back what a client left open when its connection drops, and serve the others', async () => {
    const dropped = await ctx.client(database.url);
    await dropped.query('BEGIN');
    await dropped.query("INSERT INTO marks VALUES ('never committed')");
    dropped.connection.stream.destroy();

    const other = await ctx.client(database.url);
    const { rows } = await other.query('SELECT count(*)::int AS n FROM marks');

    expect(rows).toEqual([{ n: 0 }]);
  });

  it('free the backend when a client vanishes between Parse and Sync', async () => {
    const halfway = await rawConnection(database.url);
    halfway.socket.write(parseMessage("INSERT INTO marks VALUES ('half')"));
    const parseComplete = await halfway.reply();
    expect(parseComplete[0]).toBe('1'.charCodeAt(0));
    halfway.socket.destroy();

    const other = await ctx.client(database.url);
    await other.query("INSERT INTO marks VALUES ('after')");
    const { rows } = await other.query('SELECT note FROM marks');

    expect(rows).toEqual([{ note: 'after' }]);
  });

  it('refuse COPY FROM STDIN, which PGlite cannot survive, and go on serving', async () => {
    const client = await ctx.client(database.url);

    await expect(client.query('COPY marks FROM STDIN')).rejects.toThrow(
      'COPY ... FROM STDIN is not supported by embedded Postgres',
    );
    await client.query("INSERT INTO marks VALUES ('after the refusal')");
    const other = await ctx.client(database.url);
    const { rows } = await other.query('SELECT note FROM marks');

    expect(rows).toEqual([{ note: 'after the refusal' }]);
  });

  it('refuse a connection to another database rather than silently serve its only one', async () => {
    const url = new URL(database.url);
    url.pathname = '/bt_test_elsewhere';

    await expect(ctx.client(url.toString())).rejects.toThrow(
      'database "bt_test_elsewhere" does not exist: embedded Postgres has only "postgres"',
    );
  });
});
