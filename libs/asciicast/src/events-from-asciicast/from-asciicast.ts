import {
  Actor,
  AnyEvent,
  createEvent,
  EventType,
  PayloadInput,
  splitByBytes,
} from '@backtrack/events';
import { ParsedAsciicast, RESIZE_PATTERN } from '../asciicast';
import { splitCommand } from '../shell-words/shell-words';

export const IMPORT_AGENT = { name: 'backtrack-import', version: '0.1.0' };

// Large output frames are cut so each event stays far below the event size limit.
const MAX_TEXT_BYTES = 256 * 1024;

export interface ImportOptions {
  sessionId: string;
  actor: Actor;
  // Epoch ms of time 0; default: the header's timestamp, else now.
  startAt?: number;
  // Replaces the file's title.
  title?: string;
}

// A new session from a parsed asciicast: session.started (source "import"), the terminal events, session.ended.
export function fromAsciicast(parsed: ParsedAsciicast, options: ImportOptions): AnyEvent[] {
  const { header } = parsed;
  const startAt =
    options.startAt ??
    (header.timestamp !== undefined ? Math.round(header.timestamp * 1000) : Date.now());
  const events: AnyEvent[] = [];
  let lastMs = 0;
  const add = <T extends EventType>(type: T, payload: PayloadInput<T>, time: number) => {
    lastMs = Math.max(lastMs, Math.round(time * 1000));
    events.push(
      createEvent({
        sessionId: options.sessionId,
        seq: events.length + 1,
        type,
        payload,
        actor: options.actor,
        at: startAt + lastMs,
      }),
    );
  };
  const title = options.title ?? header.title;
  const shell = header.env?.['SHELL'];
  const command = header.command === undefined ? [] : splitCommand(header.command);
  add(
    'session.started',
    {
      source: 'import',
      agent: IMPORT_AGENT,
      cols: header.cols,
      rows: header.rows,
      ...(title ? { title: clip(title, 500) } : {}),
      ...(header.termType ? { term: clip(header.termType, 100) } : {}),
      ...(shell ? { shell: clip(shell, 500) } : {}),
      ...(command.length > 0 ? { command } : {}),
    },
    0,
  );
  let exitCode: number | null = null;
  for (const [time, code, data] of parsed.events) {
    switch (code) {
      case 'o':
        for (const piece of splitByBytes(data, MAX_TEXT_BYTES))
          add('terminal.output', { data: piece }, time);
        break;
      case 'i':
        for (const piece of splitByBytes(data, MAX_TEXT_BYTES))
          add('terminal.input', { data: piece }, time);
        break;
      case 'r': {
        const [, cols, rows] = RESIZE_PATTERN.exec(data)!;
        add('terminal.resize', { cols: Number(cols), rows: Number(rows) }, time);
        break;
      }
      case 'm':
        add('terminal.marker', { label: clip(data, 1000) }, time);
        break;
      case 'x':
        exitCode = /^-?\d+$/.test(data.trim()) ? Number(data.trim()) : null;
        lastMs = Math.max(lastMs, Math.round(time * 1000));
        break;
    }
  }
  const end = Math.max(lastMs / 1000, header.duration ?? 0);
  add('session.ended', { exitCode, reason: 'imported' }, end);
  return events;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
