import { AnyEvent } from '@backtrack/events';
import { AsciicastVersion } from '../asciicast';
import { formatMicros, formatSeconds, IntervalClock } from '../cast-time/cast-time';
import {
  AsciicastWriteOptions,
  CastFrame,
  SessionRecording,
  sessionRecording,
} from './session-recording';

export function toAsciicastV2(events: AnyEvent[], options?: AsciicastWriteOptions): string {
  return [...asciicastLines(events, 2, options)].join('');
}

export function toAsciicastV3(events: AnyEvent[], options?: AsciicastWriteOptions): string {
  return [...asciicastLines(events, 3, options)].join('');
}

// The file line by line (each ends with "\n"), so a long session can be streamed to disk.
// Throws AsciicastWriteError at once, before the first line, when the events cannot be written.
export function asciicastLines(
  events: AnyEvent[],
  version: AsciicastVersion,
  options: AsciicastWriteOptions = {},
): Iterable<string> {
  const recording = sessionRecording(events, options);
  return version === 2 ? v2Lines(recording) : v3Lines(recording);
}

function* v2Lines({ header, frames, endTime }: SessionRecording): Generator<string> {
  yield json({
    version: 2,
    width: header.cols,
    height: header.rows,
    timestamp: header.timestamp,
    duration: Number(formatSeconds(endTime)),
    idle_time_limit: header.idleTimeLimit,
    command: header.command,
    title: header.title,
    env: header.env,
  });
  for (const frame of frames) yield eventLine(formatSeconds(frame.time), frame);
}

function* v3Lines({ header, frames, endTime, exitCode }: SessionRecording): Generator<string> {
  yield json({
    version: 3,
    term: { cols: header.cols, rows: header.rows, type: header.termType },
    timestamp: header.timestamp,
    idle_time_limit: header.idleTimeLimit,
    command: header.command,
    title: header.title,
    env: header.env,
  });
  const clock = new IntervalClock();
  for (const frame of frames) yield eventLine(formatMicros(clock.next(frame.time)), frame);
  if (exitCode !== null)
    yield eventLine(formatMicros(clock.next(endTime)), {
      time: endTime,
      code: 'x',
      data: String(exitCode),
    });
}

// Undefined fields are left out by JSON.stringify: the header carries only what is known.
function json(header: object): string {
  return `${JSON.stringify(header)}\n`;
}

// Laid out as asciinema writes it: [1.234567, "o", "text"].
function eventLine(time: string, frame: CastFrame): string {
  return `[${time}, ${JSON.stringify(frame.code)}, ${JSON.stringify(frame.data)}]\n`;
}
