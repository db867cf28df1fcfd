import { replayRoute } from '../websocket-endpoint/replay-route';
import { parseClientMessage } from './parse-client-message';

describe('replay protocol: what clients send', () => {
  it('read the hello of a follow and of a playback, and the controls', () => {
    expect(
      parseClientMessage('{"type":"hello","sessionId":"s-1","mode":"follow","after":12}'),
    ).toEqual({
      type: 'hello',
      sessionId: 's-1',
      mode: 'follow',
      after: 12,
    });
    expect(
      parseClientMessage(
        '{"type":"hello","sessionId":"s-1","mode":"play","speed":4,"idleLimit":1,"from":{"time":90.5}}',
      ),
    ).toEqual({
      type: 'hello',
      sessionId: 's-1',
      mode: 'play',
      speed: 4,
      idleLimit: 1,
      from: { time: 90.5 },
    });
    expect(parseClientMessage('{"type":"seek","seq":40}')).toEqual({ type: 'seek', seq: 40 });
    expect(parseClientMessage('{"type":"next-command"}')).toEqual({ type: 'next-command' });
    expect(parseClientMessage('{"type":"unfollow"}')).toEqual({ type: 'unfollow' });
    expect(
      parseClientMessage(
        '{"type":"hello","sessionId":"s-1","mode":"follow","queue":"my-laptop.2"}',
      ),
    ).toEqual({ type: 'hello', sessionId: 's-1', mode: 'follow', queue: 'my-laptop.2' });
  });

  it.each([
    ['not json', 'message is not JSON: not json'],
    ['[1]', 'message must be a JSON object'],
    [
      '{"type":"rewind"}',
      'unknown message type "rewind": expected hello or one of pause, resume, speed, next-command, seek',
    ],
    ['{"type":"speed"}', 'speed.speed is required'],
    ['{"type":"speed","speed":-1}', 'speed.speed must be a number > 0, got -1'],
    ['{"type":"seek"}', 'seek needs seq (an event) or time (seconds from the start)'],
    ['{"type":"seek","seq":1.5}', 'seek.seq must be an integer >= 0, got 1.5'],
    [
      '{"type":"hello","sessionId":"s","mode":"watch"}',
      'hello.mode must be "follow" or "play", got "watch"',
    ],
    ['{"type":"hello","mode":"follow"}', 'hello.sessionId must be a session id (1-100 characters)'],
    [
      `{"type":"hello","sessionId":"s","mode":"follow","queue":"${'q'.repeat(65)}"}`,
      `hello.queue must be 1-64 letters, digits, '.', '_' or '-', got "${'q'.repeat(65)}"`,
    ],
  ])('name what is wrong in %s', (text, error) => {
    expect(() => parseClientMessage(text)).toThrow(error);
  });

  it('take a WebSocket URL as the hello, with the token from the header or the query', () => {
    expect(
      replayRoute('/api/v1/sessions/s-1/follow?after=7', { authorization: 'Bearer abc' }),
    ).toEqual({
      hello: { type: 'hello', sessionId: 's-1', mode: 'follow', after: 7 },
      token: 'abc',
    });
    expect(replayRoute('/api/v1/sessions/s-1/play?speed=2&from=3.5&token=xyz', {})).toEqual({
      hello: { type: 'hello', sessionId: 's-1', mode: 'play', speed: 2, from: { time: 3.5 } },
      token: 'xyz',
    });
    expect(replayRoute('/api/v1/sessions/s-1/play?fromSeq=9', {})?.hello).toMatchObject({
      from: { seq: 9 },
    });
    expect(replayRoute('/api/v1/sessions', {})).toBeUndefined();
    expect(() => replayRoute('/api/v1/sessions/s-1/follow?after=soon', {})).toThrow(
      'query parameter after must be a number, got "soon"',
    );
    expect(replayRoute('/api/v1/sessions/s-1/follow?after=7&queue=laptop', {})?.hello).toEqual({
      type: 'hello',
      sessionId: 's-1',
      mode: 'follow',
      after: 7,
      queue: 'laptop',
    });
    expect(() => replayRoute('/api/v1/sessions/s-1/follow?queue=a%20b', {})).toThrow(
      `query parameter queue must be 1-64 letters, digits, '.', '_' or '-', got "a b"`,
    );
  });
});
