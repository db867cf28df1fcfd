import { createColors } from 'picocolors';
import { AnswerOutput } from '../gateway-client/answer-output';
import { TimelineEntry } from '../gateway-client/answers';
import { printTimeline } from './print-timeline';

class CapturedOutput implements AnswerOutput {
  readonly lines: string[] = [];
  readonly notes: string[] = [];
  readonly colors;
  constructor(
    color: boolean,
    readonly timeZone = 'UTC',
    readonly width: number | undefined = undefined,
    readonly now = Date.parse('2026-11-17T12:00:00Z'),
  ) {
    this.colors = createColors(color);
  }
  line(text: string) {
    this.lines.push(text);
  }
  note(text: string) {
    this.notes.push(text);
  }
}

const entry = (
  at: string,
  kind: string,
  summary: string,
  detail: Record<string, unknown> = {},
): TimelineEntry => ({
  sessionId: 's1',
  seq: 1,
  at,
  user: 'ada',
  host: 'laptop',
  repo: 'acme/api',
  branch: 'main',
  kind,
  summary,
  detail,
});

const RED = '\x1b[31m';
const GREEN = '\x1b[32m';

describe('printTimeline', () => {
  const day = [
    entry('2026-11-17T09:00:00Z', 'session.started', 'bash'),
    entry('2026-11-17T09:01:00Z', 'terminal.command.finished', 'npm test', { exitCode: 1 }),
    entry('2026-11-17T09:02:00Z', 'terminal.command.finished', 'npm run build', { exitCode: 0 }),
    entry('2026-11-17T09:03:00Z', 'custom.kind', 'something new'),
  ];

  it('prints an aligned table with short kinds and plain exit codes when colour is off', () => {
    const out = new CapturedOutput(false);
    printTimeline(out, day);
    expect(out.lines).toEqual([
      'TIME      USER  BRANCH  KIND         EXIT  SUMMARY',
      '09:00:00  ada   main    start              bash',
      '09:01:00  ada   main    command      1     npm test',
      '09:02:00  ada   main    command      0     npm run build',
      '09:03:00  ada   main    custom.kind        something new',
    ]);
  });

  it('colours failing exit codes red and successful ones green', () => {
    const out = new CapturedOutput(true);
    printTimeline(out, day);
    expect(out.lines[2]).toContain(`${RED}1   `);
    expect(out.lines[3]).toContain(`${GREEN}0   `);
    expect(out.lines[1]).not.toContain(RED);
    expect(out.lines[1]).not.toContain(GREEN);
  });

  it('adds the date when the rows span days, in the local time zone, and cuts long summaries to the terminal', () => {
    const out = new CapturedOutput(false, 'America/New_York', 70);
    printTimeline(out, [
      entry('2026-11-17T03:00:00Z', 'note.added', 'x'.repeat(100)),
      entry('2026-11-17T09:00:00Z', 'note.added', 'short'),
    ]);
    expect(out.lines[1]).toMatch(/^2026-11-16 22:00:00 {2}ada {3}main {4}note {2,}x+…$/);
    expect(out.lines[1]!.length).toBe(70);
    expect(out.lines[2]).toMatch(/^2026-11-17 04:00:00 /);
  });

  it('says so when nothing happened', () => {
    const out = new CapturedOutput(false);
    printTimeline(out, []);
    expect(out.lines).toEqual([]);
    expect(out.notes[0]).toMatch(/nothing happened/);
  });
});
