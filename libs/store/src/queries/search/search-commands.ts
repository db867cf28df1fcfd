import { Queryable } from '../../queryable';
import { SEARCH_COMMAND_LINES_SQL } from './search-command-lines.sql';
import { SEARCH_COMMANDS_SQL } from './search-commands.sql';

export interface CommandSearch {
  text: string;
  members: string[];
  repo?: string;
  branch?: string;
  user?: string;
  limit: number;
}

export interface CommandHit {
  sessionId: string;
  commandId: string;
  seq: number;
  user: string;
  commandLine: string;
  cwd: string | null;
  repo: string | null;
  branch: string | null;
  exitCode: number | null;
  startedAt: Date;
  durationMs: number | null;
  rank: number;
  snippet: string;
}

interface CommandHitRow {
  session_id: string;
  command_id: string;
  seq: number;
  user_name: string;
  command_line: string;
  cwd: string | null;
  repo: string | null;
  branch: string | null;
  exit_code: number | null;
  started_at: Date;
  duration_ms: string | null;
  rank: number;
  snippet: string;
}

// How many of the newest matches are ranked: all of them for any but the most common words.
export const RANKED_MATCHES = 1000;

// Below three characters a substring matches too much to be useful and the trigram index cannot help.
const MIN_SUBSTRING_LENGTH = 3;

export function substringPattern(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length < MIN_SUBSTRING_LENGTH) return null;
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Word matches first, best ranked; only when they do not fill the page, substrings of command lines after them.
export async function searchCommands(db: Queryable, search: CommandSearch): Promise<CommandHit[]> {
  const filters = [search.members, search.repo ?? null, search.branch ?? null, search.user ?? null];
  const words: CommandHitRow[] = await db.query(SEARCH_COMMANDS_SQL, [
    search.text,
    ...filters,
    search.limit,
    RANKED_MATCHES,
  ]);
  const pattern = substringPattern(search.text);
  if (words.length >= search.limit || pattern === null) return words.map(hitFromRow);
  const substrings: CommandHitRow[] = await db.query(SEARCH_COMMAND_LINES_SQL, [
    pattern,
    ...filters,
    search.limit - words.length,
    search.text,
  ]);
  return [
    ...words.map(hitFromRow),
    ...substrings.map((row) => ({
      ...hitFromRow(row),
      snippet: markSubstring(row.command_line, search.text.trim()),
    })),
  ];
}

function hitFromRow(row: CommandHitRow): CommandHit {
  return {
    sessionId: row.session_id,
    commandId: row.command_id,
    seq: row.seq,
    user: row.user_name,
    commandLine: row.command_line,
    cwd: row.cwd,
    repo: row.repo,
    branch: row.branch,
    exitCode: row.exit_code,
    startedAt: row.started_at,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    rank: row.rank,
    snippet: row.snippet,
  };
}

// The same «» marks as the word search's snippets, around the first occurrence.
function markSubstring(line: string, text: string): string {
  const at = line.toLowerCase().indexOf(text.toLowerCase());
  if (at === -1) return line;
  return `${line.slice(0, at)}«${line.slice(at, at + text.length)}»${line.slice(at + text.length)}`;
}
