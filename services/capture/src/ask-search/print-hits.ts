import { CommandHit } from '../gateway-client/answers';
import { AnswerOutput, localTime, paintExitCode } from '../gateway-client/answer-output';

// Each hit: the moment to open (<session>@<seq>) with when/where, the command, and the matching excerpt.
export function printHits(out: AnswerOutput, hits: CommandHit[]): void {
  if (hits.length === 0) {
    out.note('no command matched');
    return;
  }
  const c = out.colors;
  for (const hit of hits) {
    const exit =
      hit.exitCode === null ? '' : paintExitCode(`exit ${hit.exitCode}`, hit.exitCode, c);
    const where = [localTime(hit.startedAt, out, true), hit.user, hit.branch ?? '', exit]
      .filter(Boolean)
      .join('  ');
    out.line(`${c.bold(`${hit.sessionId}@${hit.seq}`)}  ${c.dim(where)}`);
    out.line(`  $ ${hit.commandLine}`);
    const excerpt = hit.snippet.replace(/\s+/g, ' ').trim();
    if (excerpt && excerpt !== hit.commandLine)
      out.line(`  ${excerpt.replace(/«([^»]*)»/g, (_, word: string) => c.yellow(word))}`);
  }
}
