import { TimelineEntry } from '../gateway-client/answers';
import {
  AnswerOutput,
  localTime,
  paintExitCode,
  printTable,
  spansDays,
} from '../gateway-client/answer-output';

// Event types are precise; a table wants a word.
const KIND_WORDS: Record<string, string> = {
  'terminal.command.finished': 'command',
  'git.head.changed': 'git',
  'editor.file.saved': 'save',
  'runtime.paused': 'debug',
  'note.added': 'note',
  'session.started': 'start',
  'session.ended': 'end',
};

const exitCodeOf = (entry: TimelineEntry) => {
  const code = entry.detail['exitCode'];
  return typeof code === 'number' ? code : null;
};

export function printTimeline(out: AnswerOutput, entries: TimelineEntry[]): void {
  if (entries.length === 0) {
    out.note('nothing happened in that range (check --on/--since, or the filters)');
    return;
  }
  const withDate = spansDays(
    entries.map((e) => e.at),
    out,
  );
  printTable<TimelineEntry>(
    out,
    [
      {
        header: 'TIME',
        text: (e) => localTime(e.at, out, withDate),
        paint: (text, _, c) => c.dim(text),
      },
      { header: 'USER', text: (e) => e.user },
      { header: 'BRANCH', text: (e) => e.branch ?? '' },
      { header: 'KIND', text: (e) => KIND_WORDS[e.kind] ?? e.kind },
      {
        header: 'EXIT',
        text: (e) => String(exitCodeOf(e) ?? ''),
        paint: (text, e, c) => paintExitCode(text, exitCodeOf(e), c),
      },
      { header: 'SUMMARY', text: (e) => e.summary },
    ],
    entries,
  );
}
