import { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';

// Where links point: BACKTRACK_PUBLIC_URL when the gateway is reached through another name (a proxy, a domain).
export const PUBLIC_URL = Symbol('public url');
const WILDCARDS = ['0.0.0.0', '::'];

export function publicUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const value = env['BACKTRACK_PUBLIC_URL'];
  if (!value) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash)
    throw new Error(
      `BACKTRACK_PUBLIC_URL must be an http(s) URL such as https://backtrack.example.com (got "${value}")`,
    );
  return value.replace(/\/+$/, '');
}

// Without BACKTRACK_PUBLIC_URL: http://HOST:PORT as the gateway listens; on a wildcard address (0.0.0.0, ::),
// the Host the caller reached it by, since a link to 0.0.0.0 opens nothing.
export function publicBaseUrl(
  configured: string | null,
  listening: AddressInfo | string | null,
  request: IncomingMessage,
): string {
  if (configured) return configured;
  if (!listening || typeof listening === 'string' || WILDCARDS.includes(listening.address))
    return `http://${request.headers.host ?? '127.0.0.1'}`;
  const host = listening.family === 'IPv6' ? `[${listening.address}]` : listening.address;
  return `http://${host}:${listening.port}`;
}
