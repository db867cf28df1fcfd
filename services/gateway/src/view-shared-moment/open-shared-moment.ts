import { GoneException, NotFoundException } from '@nestjs/common';
import { findSharedMoment, Queryable, SharedMoment } from '@backtrack/store';
import { hashToken } from '../authenticate-token/token-secret';
import { looksLikeShareToken } from '../share-moment/share-token';

// The only key a share route accepts: a live link's token, found by its SHA-256. Its session is the only one it
// opens; an API token, another link's id or a session id is simply not a share token.
export async function openSharedMoment(
  db: Queryable,
  token: string,
  now = Date.now(),
): Promise<SharedMoment> {
  const shared = looksLikeShareToken(token)
    ? await findSharedMoment(db, hashToken(token))
    : undefined;
  if (!shared)
    throw new NotFoundException(
      'no share link with this token: check that the whole link was copied (share tokens start with bts_)',
    );
  const { revokedAt, expiresAt } = shared.link;
  if (revokedAt)
    throw new GoneException(
      `this share link was revoked on ${revokedAt.toISOString()}; ask its author for a new one`,
    );
  if (expiresAt && expiresAt.getTime() <= now)
    throw new GoneException(
      `this share link expired on ${expiresAt.toISOString()}; ask its author for a new one`,
    );
  return shared;
}
