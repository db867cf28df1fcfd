import { Queryable } from '../../queryable';
import {
  FIND_SHARED_MOMENT_SQL,
  INSERT_SHARE_LINK_SQL,
  LIST_SHARE_LINKS_SQL,
  RESOLVE_MOMENT_SQL,
  REVOKE_SHARE_LINK_SQL,
} from './share-links.sql';

export interface ShareLink {
  id: string;
  sessionId: string;
  seq: number;
  teamId: string;
  createdBy: string;
  label: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewShareLink {
  id: string;
  tokenHash: Buffer;
  sessionId: string;
  seq: number;
  teamId: string;
  createdBy: string;
  label: string;
  expiresAt: Date | null;
}

export type MomentQuery = { seq: number } | { offsetMs: number } | undefined;

export interface ResolvedMoment {
  // null: no event matches (the seq is not in the session, or the offset is before its first event).
  seq: number | null;
  // null: the session has no stored events.
  lastSeq: number | null;
}

export interface SharedMoment {
  link: ShareLink;
  session: {
    title: string | null;
    user: string | null;
    host: string | null;
    repo: string | null;
    cols: number | null;
    rows: number | null;
    endedAt: Date | null;
  };
  // Epoch ms of the session's first event, the shared one and the last one stored so far.
  firstAt: number | null;
  momentAt: number | null;
  lastAt: number | null;
}

interface ShareLinkRow {
  id: string;
  session_id: string;
  seq: number;
  team_id: string;
  created_by: string;
  label: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

interface SharedMomentRow extends ShareLinkRow {
  title: string | null;
  user_name: string | null;
  host: string | null;
  repo: string | null;
  cols: number | null;
  rows: number | null;
  ended_at: Date | null;
  first_at_ms: number | null;
  moment_at_ms: number | null;
  last_at_ms: number | null;
}

export async function insertShareLink(db: Queryable, link: NewShareLink): Promise<ShareLink> {
  const rows: ShareLinkRow[] = await db.query(INSERT_SHARE_LINK_SQL, [
    link.id,
    link.tokenHash,
    link.sessionId,
    link.seq,
    link.teamId,
    link.createdBy,
    link.label,
    link.expiresAt,
  ]);
  return shareLinkFromRow(rows[0]!);
}

export async function listShareLinks(
  db: Queryable,
  sessionId: string,
  teamId: string,
): Promise<ShareLink[]> {
  const rows: ShareLinkRow[] = await db.query(LIST_SHARE_LINKS_SQL, [sessionId, teamId]);
  return rows.map(shareLinkFromRow);
}

export async function revokeShareLink(
  db: Queryable,
  id: string,
  teamId: string,
): Promise<ShareLink | undefined> {
  const rows: ShareLinkRow[] = await db.query(REVOKE_SHARE_LINK_SQL, [id, teamId]);
  return rows[0] ? shareLinkFromRow(rows[0]) : undefined;
}

export async function resolveMoment(
  db: Queryable,
  sessionId: string,
  moment: MomentQuery,
): Promise<ResolvedMoment> {
  const seq = moment && 'seq' in moment ? moment.seq : null;
  const offsetMs = moment && 'offsetMs' in moment ? moment.offsetMs : null;
  const rows: Array<{ last_seq: number | null; seq: number | null }> = await db.query(
    RESOLVE_MOMENT_SQL,
    [sessionId, seq, offsetMs],
  );
  return { seq: rows[0]?.seq ?? null, lastSeq: rows[0]?.last_seq ?? null };
}

export async function findSharedMoment(
  db: Queryable,
  tokenHash: Buffer,
): Promise<SharedMoment | undefined> {
  const rows: SharedMomentRow[] = await db.query(FIND_SHARED_MOMENT_SQL, [tokenHash]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    link: shareLinkFromRow(row),
    session: {
      title: row.title,
      user: row.user_name,
      host: row.host,
      repo: row.repo,
      cols: row.cols,
      rows: row.rows,
      endedAt: row.ended_at,
    },
    firstAt: row.first_at_ms,
    momentAt: row.moment_at_ms,
    lastAt: row.last_at_ms,
  };
}

function shareLinkFromRow(row: ShareLinkRow): ShareLink {
  return {
    id: row.id,
    sessionId: row.session_id,
    seq: row.seq,
    teamId: row.team_id,
    createdBy: row.created_by,
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
