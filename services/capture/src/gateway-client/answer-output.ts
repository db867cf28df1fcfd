import { createColors } from 'picocolors';
import { defaultTimeZone, wallTimeAt } from '../ask-timeline/zoned-time';

type Colors = ReturnType<typeof createColors>;

// Where the asking commands print: answers to stdout, remarks to stderr, times in the user's zone.
export interface AnswerOutput {
  line(text: string): void;
  note(text: string): void;
  colors: Colors;
  // Terminal width when stdout is a terminal: the last column is cut to fit.
  width: number | undefined;
  timeZone: string;
  now: number;
}

export function terminalOutput(): AnswerOutput {
  const tty = process.stdout.isTTY === true;
  const color = tty && !('NO_COLOR' in process.env);
  return {
    line: (text) => process.stdout.write(`${text}\n`),
    note: (text) => process.stderr.write(`${text}\n`),
    colors: createColors(color),
    width: tty ? process.stdout.columns : undefined,
    timeZone: defaultTimeZone(),
    now: Date.now(),
  };
}

// --json: one JSON object per line, as the API returned it, so `jq` and `while read` both work.
export function printJsonLines(out: AnswerOutput, items: unknown[]): void {
  for (const item of items) out.line(JSON.stringify(item));
}

export interface Column<T> {
  header: string;
  text: (row: T) => string;
  paint?: (text: string, row: T, colors: Colors) => string;
}

export function printTable<T>(out: AnswerOutput, columns: Column<T>[], rows: T[]): void {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.text(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => row[i]!.length)),
  );
  const last = columns.length - 1;
  const lead = widths.slice(0, last).reduce((sum, width) => sum + width + 2, 0);
  const lastWidth = out.width ? Math.max(out.width - lead, 10) : Infinity;
  const fit = (text: string, i: number) =>
    i === last ? cut(text, lastWidth) : text.padEnd(widths[i]!);
  out.line(
    out.colors.dim(
      columns
        .map((column, i) => fit(column.header, i))
        .join('  ')
        .trimEnd(),
    ),
  );
  rows.forEach((row, r) => {
    const line = columns.map((column, i) => {
      const text = fit(cells[r]![i]!, i);
      return column.paint ? column.paint(text, row, out.colors) : text;
    });
    out.line(line.join('  ').trimEnd());
  });
}

// Green for success, red for failure; nothing for rows without an exit code.
export function paintExitCode(
  text: string,
  exitCode: number | null | undefined,
  colors: Colors,
): string {
  if (exitCode === null || exitCode === undefined) return text;
  return exitCode === 0 ? colors.green(text) : colors.red(text);
}

export function localTime(iso: string, out: AnswerOutput, withDate: boolean): string {
  const t = wallTimeAt(Date.parse(iso), out.timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(t.hour)}:${two(t.minute)}:${two(t.second)}`;
  return withDate ? `${t.year}-${two(t.month)}-${two(t.day)} ${time}` : time;
}

// Dates are shown only when the rows span more than one local day.
export function spansDays(isoTimes: string[], out: AnswerOutput): boolean {
  const days = new Set(isoTimes.map((iso) => localTime(iso, out, true).slice(0, 10)));
  return days.size > 1;
}

export function duration(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ⏎ ').replace(/\t/g, ' ');
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(width - 1, 0))}…`;
}
