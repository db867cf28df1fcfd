import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'bt_';

// 32 random bytes: unguessable, so a fast hash (not a password hash) is the right way to store it.
export function newPlainToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(plain: string): Buffer {
  return createHash('sha256').update(plain, 'utf8').digest();
}
