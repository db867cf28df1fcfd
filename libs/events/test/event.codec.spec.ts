import { createEvent, decodeEvent, EventDecodeError, uuidv7 } from '../src';

const actor = { user: 'ada', host: 'laptop' };

function rawEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: uuidv7(),
    sessionId: 's1',
    seq: 1,
    type: 'terminal.command.finished',
    at: 1_763_700_000_000,
    actor,
    v: 1,
    payload: { commandId: 'c1', exitCode: 1, durationMs: 12 },
    ...overrides,
  };
}

function decodeError(raw: unknown): EventDecodeError {
  try {
    decodeEvent(raw);
  } catch (error) {
    if (error instanceof EventDecodeError) return error;
    throw error;
  }
  throw new Error('expected decodeEvent to reject');
}

describe('decoding an event', () => {
  it('accepts a valid event and keeps its payload', () => {
    const event = decodeEvent(rawEvent());
    expect(event.type).toBe('terminal.command.finished');
    expect(event.payload).toEqual({ commandId: 'c1', exitCode: 1, durationMs: 12 });
  });

  it('names the event, the field and the reason when a payload field is wrong', () => {
    const error = decodeError(
      rawEvent({ seq: 7, payload: { commandId: 'c1', exitCode: 'one', durationMs: 12 } }),
    );
    expect(error.code).toBe('invalid_payload');
    expect(error.eventType).toBe('terminal.command.finished');
    expect(error.field).toBe('payload.exitCode');
    expect(error.message).toMatch(
      /^event terminal\.command\.finished \(seq 7\), field "payload\.exitCode": .+ \[invalid_payload\]$/,
    );
  });

  it('names the envelope field that is wrong', () => {
    const error = decodeError(rawEvent({ id: 'not-a-uuid' }));
    expect(error).toMatchObject({ code: 'invalid_envelope', field: 'id' });
    expect(error.message).toContain('expected a UUIDv7');
  });

  it('names a nested context field that is wrong', () => {
    expect(decodeError(rawEvent({ context: { repo: 42 } }))).toMatchObject({
      code: 'invalid_envelope',
      field: 'context.repo',
    });
  });

  it('drops envelope fields the contract does not know, keeping the ones it does', () => {
    const event = decodeEvent(rawEvent({ extra: 'x', context: { branch: 'main', stray: 1 } }));
    expect(event).not.toHaveProperty('extra');
    expect(event.context).toEqual({ branch: 'main' });
  });

  it('reads terminal output on the fast path exactly as the schema would', () => {
    const raw = rawEvent({ type: 'terminal.output', payload: { data: 'hi\r\n', junk: true } });
    expect(decodeEvent(raw).payload).toEqual({ data: 'hi\r\n' });
    expect(decodeError(rawEvent({ type: 'terminal.output', payload: { data: 7 } }))).toMatchObject({
      field: 'payload.data',
    });
  });

  it('reports an unknown type instead of dropping it', () => {
    expect(decodeError(rawEvent({ type: 'terminal.teleported' }))).toMatchObject({
      code: 'unknown_type',
      field: 'type',
    });
  });

  it('reports a version newer than the reader knows', () => {
    const error = decodeError(rawEvent({ v: 9 }));
    expect(error).toMatchObject({ code: 'unsupported_version', field: 'v' });
    expect(error.message).toContain('version 9 is newer than this reader');
  });

  it('lifts a v1 terminal.resize ("COLSxROWS") to v2 (cols, rows)', () => {
    const event = decodeEvent(
      rawEvent({ type: 'terminal.resize', v: 1, payload: { size: '132x43' } }),
    );
    expect(event).toMatchObject({
      type: 'terminal.resize',
      v: 2,
      payload: { cols: 132, rows: 43 },
    });
  });

  it('rejects a v1 terminal.resize whose size cannot be lifted, naming the field', () => {
    const error = decodeError(
      rawEvent({ type: 'terminal.resize', v: 1, payload: { size: 'wide' } }),
    );
    expect(error).toMatchObject({ code: 'invalid_payload', field: 'payload.cols' });
  });

  it('builds events at the current version with a UUIDv7 id', () => {
    const event = createEvent({
      sessionId: 's1',
      seq: 1,
      type: 'terminal.resize',
      payload: { cols: 80, rows: 24 },
      actor,
    });
    expect(event.v).toBe(2);
    expect(event.id).toMatch(/^[0-9a-f-]{14}7/);
  });
});

describe('uuidv7', () => {
  it('sorts by creation time, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => uuidv7(1_763_700_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });
});
