import { followUrl, playUrl, toWebSocketUrl } from './replay-endpoint';

const endpoint = { base: 'wss://backtrack.example.com/team', token: 't' };

describe('where the replay WebSockets are', () => {
  it('turns http into ws and https into wss, keeping host, port and path', () => {
    expect(toWebSocketUrl('http://127.0.0.1:7071')).toBe('ws://127.0.0.1:7071');
    expect(toWebSocketUrl('https://backtrack.example.com/team/')).toBe(
      'wss://backtrack.example.com/team',
    );
    expect(toWebSocketUrl('ws://replay:7071')).toBe('ws://replay:7071');
  });

  it('names what is wrong with a URL it cannot use', () => {
    expect(() => toWebSocketUrl('replay:7071')).toThrow(
      'the replay URL "replay:7071" must start with http://, https://, ws:// or wss://',
    );
    expect(() => toWebSocketUrl('not a url')).toThrow('the replay URL "not a url" is not a URL');
  });

  it('follows after a seq, or from the current screen', () => {
    expect(followUrl(endpoint, 's/1', 120)).toBe(
      'wss://backtrack.example.com/team/api/v1/sessions/s%2F1/follow?after=120',
    );
    expect(followUrl(endpoint, 's-1')).toBe(
      'wss://backtrack.example.com/team/api/v1/sessions/s-1/follow',
    );
  });

  it('plays from a seq or a time in seconds, at a speed, with an idle limit', () => {
    expect(playUrl(endpoint, 's-1', { speed: 4, idleLimit: 1, from: { time: 95 } })).toBe(
      'wss://backtrack.example.com/team/api/v1/sessions/s-1/play?speed=4&idleLimit=1&from=95',
    );
    expect(playUrl(endpoint, 's-1', { from: { seq: 1200 } })).toBe(
      'wss://backtrack.example.com/team/api/v1/sessions/s-1/play?fromSeq=1200',
    );
  });
});
