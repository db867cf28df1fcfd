import { Queryable, revokeToken as markRevoked } from '@backtrack/store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function revokeToken(
  db: Queryable,
  id: string,
): Promise<{ id: string; user: string; revokedAt: Date }> {
  if (!UUID.test(id))
    throw new Error(`token id "${id}" is not a token id (a UUID, as printed by create-token)`);
  const revoked = await markRevoked(db, id);
  if (!revoked) throw new Error(`no token with id ${id}`);
  return revoked;
}
