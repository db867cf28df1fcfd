import {
  findRefusedQuery,
  readyForQuery,
  simpleQuery,
  splitMessages,
  startupParameters,
  statusAtEnd,
  SYNC,
} from './wire-protocol';

describe('the wire protocol, as far as the embedded server reads it', () => {
  it('cut whole messages off a stream and keep a partial one for later', () => {
    const first = simpleQuery('SELECT 1');
    const second = simpleQuery('SELECT 2');
    const stream = Buffer.concat([first, SYNC, second.subarray(0, 7)]);

    const { messages, rest, terminate } = splitMessages(stream);

    expect(messages).toEqual(Buffer.concat([first, SYNC]));
    expect(rest).toEqual(second.subarray(0, 7));
    expect(terminate).toBe(false);
  });

  it('stop at Terminate, dropping it and what follows', () => {
    const terminate = Buffer.from([0x58, 0, 0, 0, 4]);

    const split = splitMessages(Buffer.concat([SYNC, terminate, SYNC]));

    expect(split).toEqual({ messages: SYNC, rest: Buffer.alloc(0), terminate: true });
  });

  it('read the transaction status from a response that ends in ReadyForQuery, and only from one', () => {
    expect(statusAtEnd(Buffer.concat([Buffer.from('C'), readyForQuery('idle')]))).toBe('idle');
    expect(statusAtEnd(readyForQuery('in-transaction'))).toBe('in-transaction');
    expect(statusAtEnd(readyForQuery('failed-transaction'))).toBe('failed-transaction');
    expect(statusAtEnd(Buffer.from([0x31, 0, 0, 0, 4]))).toBeUndefined();
  });

  it('read the parameters of a startup message', () => {
    const pairs = Buffer.from('user\0ada\0database\0postgres\0application_name\0backtrack\0\0');
    const header = Buffer.alloc(8);
    header.writeInt32BE(8 + pairs.length, 0);
    header.writeInt32BE(196608, 4);

    expect(startupParameters(Buffer.concat([header, pairs]))).toEqual({
      user: 'ada',
      database: 'postgres',
      application_name: 'backtrack',
    });
  });

  it('find a COPY FROM STDIN among queries, but not COPY TO STDOUT or the words inside a value', () => {
    const harmless = [
      simpleQuery('COPY marks TO STDOUT'),
      simpleQuery("INSERT INTO notes VALUES ('copy x from stdin')"),
    ];
    const refused = simpleQuery('  copy marks (note)\n  FROM stdin');

    expect(findRefusedQuery(Buffer.concat(harmless))).toBeUndefined();
    expect(findRefusedQuery(Buffer.concat([...harmless, refused, SYNC]))).toEqual({
      at: harmless[0]!.length + harmless[1]!.length,
      size: refused.length,
    });
  });
});
