import { AnyEvent, createEvent, EventType, PayloadInput } from '@backtrack/events';

export interface GeneratedSessionOptions {
  sessionId: string;
  // Events after session.started.
  events: number;
  seed?: number;
  startAt?: number;
  cols?: number;
  rows?: number;
  // Ends with session.ended when set.
  exitCode?: number | null;
}

const actor = { user: 'ada', host: 'ada-laptop' };
const WORDS = [
  'build',
  'ok',
  'résumé',
  '漢字',
  'error:',
  'npm',
  'test',
  '✓',
  'passed',
  'src/app.ts',
];

// A deterministic pseudo-random terminal session: colours, cursor moves, erases, wrapping lines, the alternate
// screen, resizes, commands, markers and pauses; the same seed always gives the same session.
export function generateSession(options: GeneratedSessionOptions): AnyEvent[] {
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let at = options.startAt ?? Date.UTC(2025, 0, 7, 9, 30);
  let size = { cols: options.cols ?? 80, rows: options.rows ?? 24 };
  let alternate = false;
  let commands = 0;
  const events: AnyEvent[] = [];
  const push = <T extends EventType>(type: T, payload: PayloadInput<T>) =>
    events.push(
      createEvent({
        sessionId: options.sessionId,
        seq: events.length + 1,
        type,
        payload,
        actor,
        at,
      }),
    );

  push('session.started', {
    source: 'terminal',
    cols: size.cols,
    rows: size.rows,
    agent: { name: 'test', version: '1' },
  });
  while (events.length <= options.events) {
    at += random() < 0.02 ? 4000 + Math.floor(random() * 20_000) : Math.floor(random() * 300);
    const roll = random();
    if (roll < 0.03) {
      size = { cols: 40 + Math.floor(random() * 80), rows: 10 + Math.floor(random() * 30) };
      push('terminal.resize', size);
    } else if (roll < 0.06) {
      commands++;
      push('terminal.command.started', {
        commandId: `c${commands}`,
        commandLine: `npm run step-${commands}`,
      });
    } else if (roll < 0.08) {
      push('terminal.command.finished', {
        commandId: `c${commands}`,
        exitCode: commands % 3,
        durationMs: 120,
      });
    } else if (roll < 0.09) {
      push('terminal.marker', { label: `mark ${events.length}` });
    } else if (roll < 0.11) {
      alternate = !alternate;
      push('terminal.output', {
        data: alternate ? '\x1b[?1049h\x1b[2J\x1b[Hfull screen' : '\x1b[?1049l',
      });
    } else {
      push('terminal.output', { data: outputChunk(random, pick, size) });
    }
  }
  if (options.exitCode !== undefined)
    push('session.ended', { exitCode: options.exitCode, reason: 'exited' });
  return events;
}

function outputChunk(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  size: { cols: number; rows: number },
): string {
  const roll = random();
  if (roll < 0.05) return '\x1b[2J\x1b[H';
  if (roll < 0.15)
    return `\x1b[${1 + Math.floor(random() * size.rows)};${1 + Math.floor(random() * size.cols)}H${pick(WORDS)}`;
  if (roll < 0.2) return `\x1b[K${pick(WORDS)}\x1b[1A`;
  if (roll < 0.3) return `${pick(WORDS)} `.repeat(5 + Math.floor(random() * 40)) + '\r\n';
  const colour = 30 + Math.floor(random() * 8);
  return `\x1b[${colour};1m${pick(WORDS)}\x1b[0m ${pick(WORDS)}\t${pick(WORDS)}\r\n`;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
