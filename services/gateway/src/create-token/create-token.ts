import { randomUUID } from 'node:crypto';
import { findUser, insertToken, Queryable } from '@backtrack/store';
import { hashToken, newPlainToken } from '../authenticate-token/token-secret';

export interface CreatedToken {
  id: string;
  user: string;
  label: string;
  // Shown once: only its hash is stored.
  token: string;
}

export async function createToken(db: Queryable, user: string, label = ''): Promise<CreatedToken> {
  if (!(await findUser(db, user)))
    throw new Error(
      `no user "${user}"; create it with \`backtrack-gateway create-user ${user} --team TEAM\``,
    );
  const token = newPlainToken();
  const { id } = await insertToken(db, { id: randomUUID(), user, hash: hashToken(token), label });
  return { id, user, label, token };
}
