import { DeadLetterReport } from './report-dead-letters.query';

// What `backtrack-projector dead-letters` prints without --json: totals, then one block per letter.
export function formatDeadLetters(report: DeadLetterReport): string {
  if (report.totals.length === 0) return 'no dead letters';
  const lines = report.totals.map(
    (t) => `${t.source}: ${t.count} (latest ${t.latest.toISOString()})`,
  );
  for (const letter of report.latest) {
    const where = [
      letter.sessionId && `session ${letter.sessionId}`,
      letter.seq !== null && `seq ${letter.seq}`,
      letter.type,
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(
      '',
      `#${letter.id} ${letter.receivedAt.toISOString()} [${letter.source}] ${where}`.trimEnd(),
    );
    lines.push(`  reason: ${letter.reason}`);
    const more = letter.rawLength > letter.raw.length ? ` … (${letter.rawLength} chars)` : '';
    lines.push(`  raw: ${letter.raw}${more}`);
  }
  return lines.join('\n');
}
