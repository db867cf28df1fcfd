import { randomBytes } from 'node:crypto';
import { hashToken } from '../authenticate-token/token-secret';

// Distinct from API tokens (bt_) so each side can refuse the other's with a clear message.
export const SHARE_TOKEN_PREFIX = 'bts_';
const SHARE_TOKEN = /^bts_[A-Za-z0-9_-]{43}$/;

// 256 random bits: unguessable, so a fast hash stored (never the token) is enough, as for API tokens.
export function newShareToken(): { token: string; hash: Buffer } {
  const token = SHARE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function looksLikeShareToken(value: string): boolean {
  return SHARE_TOKEN.test(value);
}
