import { AnyEvent, Envelope } from '@backtrack/events';
import { AsciicastHeader, EventCode } from '../asciicast';
import { quoteCommand } from '../shell-words/shell-words';

export interface AsciicastWriteOptions {
  // Players cap every pause at this many seconds (header `idle_time_limit`); the times themselves are kept.
  idleTimeLimit?: number;
  // Replaces the session's own title.
  title?: string;
}

export class AsciicastWriteError extends Error {
  override readonly name = 'AsciicastWriteError';
}

export interface CastFrame {
  // Seconds since the session started, never decreasing.
  time: number;
  code: EventCode;
  data: string;
}

// What both versions are written from: the header fields, the frames, and how the session ended.
export interface SessionRecording {
  header: AsciicastHeader;
  frames: CastFrame[];
  endTime: number;
  exitCode: number | null;
}

export function sessionRecording(
  events: AnyEvent[],
  options: AsciicastWriteOptions = {},
): SessionRecording {
  const ordered = inSeqOrder(oneSession(events));
  const started = ordered.find(
    (event): event is Envelope<'session.started'> => event.type === 'session.started',
  );
  if (!started)
    throw new AsciicastWriteError(
      `session ${ordered[0]!.sessionId} has no session.started event: an export needs the session from its start`,
    );
  const { cols, rows } = started.payload;
  if (!cols || !rows)
    throw new AsciicastWriteError(
      `session ${started.sessionId} has no terminal size (its session.started has no cols/rows): only terminal sessions can be exported`,
    );
  let title = started.payload.title;
  let exitCode: number | null = null;
  let endTime: number | undefined;
  let time = 0;
  // Clocks can step back: times are kept monotonic, as v2 requires.
  const timeOf = (event: AnyEvent) => (time = Math.max(time, (event.at - started.at) / 1000));
  const frames: CastFrame[] = [];
  const frame = (event: AnyEvent, code: EventCode, data: string) =>
    frames.push({ time: timeOf(event), code, data });
  for (const event of ordered) {
    switch (event.type) {
      case 'terminal.output':
        frame(event, 'o', event.payload.data);
        break;
      case 'terminal.input':
        frame(event, 'i', event.payload.data);
        break;
      case 'terminal.resize':
        frame(event, 'r', `${event.payload.cols}x${event.payload.rows}`);
        break;
      case 'terminal.marker':
        frame(event, 'm', event.payload.label);
        break;
      // Command boundaries become markers, so players can jump from command to command.
      case 'terminal.command.started':
        frame(event, 'm', event.payload.commandLine);
        break;
      case 'session.titled':
        title = event.payload.title;
        break;
      case 'session.ended':
        endTime = timeOf(event);
        exitCode = event.payload.exitCode;
        break;
    }
  }
  return {
    header: header(started, { ...options, title: options.title ?? title }),
    frames,
    endTime: endTime ?? time,
    exitCode,
  };
}

function header(
  started: Envelope<'session.started'>,
  options: AsciicastWriteOptions,
): AsciicastHeader {
  const { cols, rows, command, shell, term } = started.payload;
  const env: Record<string, string> = {
    ...(shell ? { SHELL: shell } : {}),
    ...(term ? { TERM: term } : {}),
  };
  if (
    options.idleTimeLimit !== undefined &&
    !(Number.isFinite(options.idleTimeLimit) && options.idleTimeLimit > 0)
  )
    throw new AsciicastWriteError(
      `the idle time limit must be a number of seconds above 0 (got ${options.idleTimeLimit})`,
    );
  return {
    cols: cols!,
    rows: rows!,
    ...(term ? { termType: term } : {}),
    timestamp: Math.floor(started.at / 1000),
    ...(options.idleTimeLimit !== undefined ? { idleTimeLimit: options.idleTimeLimit } : {}),
    ...(command && command.length > 0 ? { command: quoteCommand(command) } : {}),
    ...(options.title ? { title: options.title } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
  };
}

function oneSession(events: AnyEvent[]): AnyEvent[] {
  if (events.length === 0) throw new AsciicastWriteError('no events to export');
  const sessionId = events[0]!.sessionId;
  const other = events.find((event) => event.sessionId !== sessionId);
  if (other)
    throw new AsciicastWriteError(
      `events of two sessions (${sessionId} and ${other.sessionId}): an asciicast holds one session`,
    );
  return events;
}

function inSeqOrder(events: AnyEvent[]): AnyEvent[] {
  const sorted = events.every((event, i) => i === 0 || events[i - 1]!.seq < event.seq);
  return sorted ? events : [...events].sort((a, b) => a.seq - b.seq);
}
