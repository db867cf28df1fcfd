import { AnyEvent } from '@backtrack/events';
import { ActivityRow, CommandRow } from '@backtrack/store';

const SUMMARY_MAX_CHARS = 1000;

type Summary = Pick<ActivityRow, 'summary' | 'detail'> & { branch?: string | null };

// The events worth a line in "what happened on this branch": everything else only shapes sessions and commands.
export function activityOf(event: AnyEvent, command?: CommandRow): ActivityRow | undefined {
  const described = describe(event, command);
  if (!described) return undefined;
  return {
    sessionId: event.sessionId,
    seq: event.seq,
    at: event.at,
    userName: event.actor.user,
    host: event.actor.host,
    repo: event.context?.repo ?? null,
    branch: described.branch !== undefined ? described.branch : (event.context?.branch ?? null),
    kind: event.type,
    summary: cut(described.summary),
    detail: described.detail,
  };
}

function describe(event: AnyEvent, command: CommandRow | undefined): Summary | undefined {
  switch (event.type) {
    case 'session.started': {
      const p = event.payload;
      const summary = p.title ?? p.command?.join(' ') ?? p.shell ?? `${p.source} session`;
      return {
        summary,
        detail: defined({ source: p.source, cols: p.cols, rows: p.rows, shell: p.shell }),
      };
    }
    case 'session.ended': {
      const p = event.payload;
      const summary =
        p.exitCode === null
          ? `session ended (${p.reason})`
          : `session ended with exit code ${p.exitCode}`;
      return { summary, detail: { exitCode: p.exitCode, reason: p.reason } };
    }
    case 'terminal.command.finished': {
      const p = event.payload;
      const cwd = command?.cwd ?? p.cwd ?? event.context?.cwd ?? null;
      const summary = p.commandLine ?? command?.commandLine ?? '';
      return { summary, detail: { exitCode: p.exitCode, cwd, durationMs: p.durationMs } };
    }
    case 'editor.file.saved':
      return { summary: event.payload.path, detail: { path: event.payload.path } };
    case 'runtime.paused': {
      const p = event.payload;
      const top = p.frames[0];
      const where = top ? ` in ${top.function}${top.file ? ` (${top.file}:${top.line})` : ''}` : '';
      const detail = defined({
        reason: p.reason,
        description: p.description,
        function: top?.function,
        file: top?.file,
        line: top?.line,
      });
      return { summary: `paused on ${p.reason}${where}`, detail };
    }
    case 'git.head.changed': {
      const p = event.payload;
      const summary = p.branch
        ? `checked out ${p.branch} at ${p.commit.slice(0, 12)}`
        : `detached HEAD at ${p.commit.slice(0, 12)}`;
      const detail = defined({
        branch: p.branch,
        commit: p.commit,
        previousBranch: p.previousBranch,
        previousCommit: p.previousCommit,
      });
      return { summary, detail, branch: p.branch ?? event.context?.branch ?? null };
    }
    case 'note.added':
      return { summary: event.payload.text, detail: defined({ aboutSeq: event.payload.aboutSeq }) };
    default:
      return undefined;
  }
}

function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function cut(text: string): string {
  return text.length <= SUMMARY_MAX_CHARS ? text : `${text.slice(0, SUMMARY_MAX_CHARS - 1)}…`;
}
