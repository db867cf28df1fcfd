import { ServerResponse } from 'node:http';

// The page runs only its own scripts and talks only to this server; xterm.js styles its rows inline.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// The token is in the page's URL: no Referer carries it away, no cache keeps it, no search engine lists it.
export function sendPage(response: ServerResponse, statusCode: number, html: string): void {
  response.statusCode = statusCode;
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('cache-control', 'no-store');
  response.setHeader('x-robots-tag', 'noindex, nofollow');
  response.setHeader('x-content-type-options', 'nosniff');
  response.end(html);
}

export function sendAsset(response: ServerResponse, content: Buffer, contentType: string): void {
  response.statusCode = 200;
  response.setHeader('content-type', contentType);
  response.setHeader('cache-control', 'public, max-age=300');
  response.setHeader('x-content-type-options', 'nosniff');
  response.end(content);
}
