import { SessionSummary } from '../gateway-client/answers';
import {
  AnswerOutput,
  duration,
  localTime,
  paintExitCode,
  printTable,
} from '../gateway-client/answer-output';

export function printSessions(out: AnswerOutput, sessions: SessionSummary[]): void {
  if (sessions.length === 0) {
    out.note('no sessions found (check --on, or the filters)');
    return;
  }
  printTable<SessionSummary>(
    out,
    [
      {
        header: 'STARTED',
        text: (s) => localTime(s.startedAt, out, true),
        paint: (text, _, c) => c.dim(text),
      },
      { header: 'USER', text: (s) => s.user },
      {
        header: 'DURATION',
        text: (s) => (s.endedAt === null ? 'running' : duration(s.durationMs)),
      },
      { header: 'CMDS', text: (s) => String(s.commandCount) },
      {
        header: 'EXIT',
        text: (s) => String(s.exitCode ?? ''),
        paint: (text, s, c) => paintExitCode(text, s.exitCode, c),
      },
      { header: 'SESSION', text: (s) => s.sessionId },
      {
        header: 'REPO / BRANCHES / TITLE',
        text: (s) => [s.repo ?? '', s.branches.join(','), s.title ?? ''].filter(Boolean).join('  '),
      },
    ],
    sessions,
  );
}
