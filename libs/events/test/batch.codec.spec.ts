import {
  BatchDecodeError,
  createEvent,
  decodeBatch,
  encodeBatch,
  EventDecodeError,
  MAX_EVENT_BYTES,
  splitByBytes,
} from '../src';

const actor = { user: 'ada', host: 'laptop' };
const output = (seq: number, data = 'hi') =>
  createEvent({ sessionId: 's1', seq, type: 'terminal.output', payload: { data }, actor });

describe('a batch on the wire', () => {
  it('round-trips many events of one session', () => {
    const events = [output(1), output(2), output(3)];
    const decoded = decodeBatch(encodeBatch({ sessionId: 's1', events }));
    expect(decoded.sessionId).toBe('s1');
    expect(decoded.events).toEqual(events);
    expect(decoded.rejected).toEqual([]);
  });

  it('refuses to encode an event of another session', () => {
    const other = createEvent({
      sessionId: 's2',
      seq: 1,
      type: 'terminal.output',
      payload: { data: '' },
      actor,
    });
    expect(() => encodeBatch({ sessionId: 's1', events: [other] })).toThrow(
      /belongs to session s2/,
    );
  });

  it('refuses an event over 1 MiB, naming it', () => {
    const big = output(4, 'x'.repeat(MAX_EVENT_BYTES));
    expect(() => encodeBatch({ sessionId: 's1', events: [big] })).toThrow(EventDecodeError);
    expect(() => encodeBatch({ sessionId: 's1', events: [big] })).toThrow(
      /terminal\.output \(seq 4\).*over the limit/,
    );
  });

  it('returns bad events as rejected, with reasons, and keeps the good ones', () => {
    const good = output(1);
    const body = JSON.stringify({
      batch: 1,
      sessionId: 's1',
      events: [good, { ...good, seq: 2, type: 'nope' }],
    });
    const decoded = decodeBatch(body);
    expect(decoded.events).toEqual([good]);
    expect(decoded.rejected).toHaveLength(1);
    expect(decoded.rejected[0]!.error.code).toBe('unknown_type');
  });

  it('rejects an event that claims another session', () => {
    const stray = createEvent({
      sessionId: 's2',
      seq: 1,
      type: 'terminal.output',
      payload: { data: '' },
      actor,
    });
    const decoded = decodeBatch(JSON.stringify({ batch: 1, sessionId: 's1', events: [stray] }));
    expect(decoded.rejected[0]!.error.message).toContain('belongs to session s2, not s1');
  });

  it.each([
    ['{"batch":1,', /not JSON/],
    ['[]', /unsupported batch format/],
    ['{"batch":2,"sessionId":"s","events":[]}', /unsupported batch format 2/],
    ['{"batch":1,"events":[]}', /"sessionId" is missing/],
    ['{"batch":1,"sessionId":"s","events":{}}', /"events" must be an array/],
  ])('rejects the container %s with a clear reason', (body, reason) => {
    expect(() => decodeBatch(body)).toThrow(BatchDecodeError);
    expect(() => decodeBatch(body)).toThrow(reason);
  });
});

describe('splitting large output', () => {
  it('keeps every piece under the byte limit without cutting a character', () => {
    const text = 'aé€😀'.repeat(1000);
    const pieces = splitByBytes(text, 100);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(100);
      expect(Buffer.from(piece).toString()).toBe(piece);
    }
  });
});
