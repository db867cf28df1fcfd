import { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { publicBaseUrl, publicUrlFromEnv } from './public-base-url';

const request = (host?: string) => ({ headers: host ? { host } : {} }) as IncomingMessage;
const listening = (address: string, port: number, family = 'IPv4'): AddressInfo => ({
  address,
  port,
  family,
});

describe('the base of share links', () => {
  it('is BACKTRACK_PUBLIC_URL when set, without a trailing slash', () => {
    expect(publicUrlFromEnv({ BACKTRACK_PUBLIC_URL: 'https://bt.example.com/team/' })).toBe(
      'https://bt.example.com/team',
    );
    expect(publicUrlFromEnv({})).toBeNull();
    const configured = publicBaseUrl(
      'https://bt.example.com',
      listening('127.0.0.1', 7070),
      request(),
    );
    expect(configured).toBe('https://bt.example.com');
  });

  it('refuses a BACKTRACK_PUBLIC_URL that is not an http(s) URL, naming the variable', () => {
    for (const value of ['bt.example.com', 'ftp://bt.example.com', 'https://bt.example.com/?x=1'])
      expect(() => publicUrlFromEnv({ BACKTRACK_PUBLIC_URL: value })).toThrow(
        `BACKTRACK_PUBLIC_URL must be an http(s) URL such as https://backtrack.example.com (got "${value}")`,
      );
  });

  it('is otherwise where the gateway listens, or the Host it was reached by on a wildcard address', () => {
    expect(publicBaseUrl(null, listening('127.0.0.1', 7070), request('x:1'))).toBe(
      'http://127.0.0.1:7070',
    );
    expect(publicBaseUrl(null, listening('::1', 7070, 'IPv6'), request())).toBe(
      'http://[::1]:7070',
    );
    expect(publicBaseUrl(null, listening('0.0.0.0', 7070), request('dev-box:7070'))).toBe(
      'http://dev-box:7070',
    );
    expect(publicBaseUrl(null, listening('::', 7070, 'IPv6'), request('dev-box:7070'))).toBe(
      'http://dev-box:7070',
    );
  });
});
