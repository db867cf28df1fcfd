import { jsonForPostgres } from '../json-for-postgres';
import { Queryable } from '../queryable';
import { ActivityRow, CommandRow, SessionRow } from './read-model.rows';
import {
  INSERT_ACTIVITY_SQL,
  LOAD_COMMANDS_SQL,
  LOAD_SESSIONS_SQL,
  LOCK_SESSIONS_SQL,
  TRUNCATE_READ_MODELS_SQL,
  UPSERT_COMMANDS_SQL,
  UPSERT_SESSIONS_SQL,
} from './read-models.sql';

export interface CommandKey {
  sessionId: string;
  commandId: string;
}

export interface ReadModelChanges {
  sessions: SessionRow[];
  commands: CommandRow[];
  activity: ActivityRow[];
}

export async function lockSessions(db: Queryable, sessionIds: string[]): Promise<void> {
  if (sessionIds.length > 0) await db.query(LOCK_SESSIONS_SQL, [sessionIds]);
}

export async function loadSessions(db: Queryable, sessionIds: string[]): Promise<SessionRow[]> {
  if (sessionIds.length === 0) return [];
  return db.query(LOAD_SESSIONS_SQL, [sessionIds]);
}

// Open commands of the sessions, plus the named ones (finished in this batch, started in an earlier one).
export async function loadCommands(
  db: Queryable,
  sessionIds: string[],
  also: CommandKey[],
): Promise<CommandRow[]> {
  if (sessionIds.length === 0 && also.length === 0) return [];
  return db.query(LOAD_COMMANDS_SQL, [
    sessionIds,
    also.map((k) => k.sessionId),
    also.map((k) => k.commandId),
  ]);
}

// At most three statements, however many events the changes came from.
export async function writeReadModels(db: Queryable, changes: ReadModelChanges): Promise<void> {
  if (changes.sessions.length > 0)
    await db.query(UPSERT_SESSIONS_SQL, [jsonForPostgres(changes.sessions)]);
  if (changes.commands.length > 0)
    await db.query(UPSERT_COMMANDS_SQL, [jsonForPostgres(changes.commands)]);
  if (changes.activity.length > 0)
    await db.query(INSERT_ACTIVITY_SQL, [jsonForPostgres(changes.activity)]);
}

export async function truncateReadModels(db: Queryable): Promise<void> {
  await db.query(TRUNCATE_READ_MODELS_SQL);
}
