import {
  AsciicastEvent,
  AsciicastVersion,
  EventCode,
  KNOWN_CODES,
  ParsedAsciicast,
  RESIZE_PATTERN,
} from '../asciicast';
import { MICROS_PER_SECOND, toMicros } from '../cast-time/cast-time';
import { AsciicastParseError, describeValue } from './asciicast-parse-error';
import { readHeader } from './read-header';

// Reads asciicast v2 and v3. Times come back absolute (seconds since the start) for both.
// Throws AsciicastParseError naming the first wrong line.
export function parseAsciicast(text: string): ParsedAsciicast {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const { version, header } = readHeader(headerValue(lines[0]!, text));
  const events: AsciicastEvent[] = [];
  const clock = new EventClock(version);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '' || (version === 3 && line.startsWith('#'))) continue;
    const event = readEvent(jsonOf(line, i + 1), version, clock, i + 1);
    if (event) events.push(event);
  }
  return { version, header, events };
}

function headerValue(line: string, text: string): unknown {
  if (text.trim() === '')
    throw new AsciicastParseError(1, 'the file is empty (expected an asciicast header)');
  if (line.trim() === '')
    throw new AsciicastParseError(
      1,
      'expected the asciicast header (a JSON object), found an empty line',
    );
  try {
    return JSON.parse(line);
  } catch (error) {
    if (isVersion1(text))
      throw new AsciicastParseError(
        1,
        'asciicast v1 (one JSON document) is not supported: only v2 and v3',
      );
    throw new AsciicastParseError(1, `not valid JSON (${(error as Error).message})`);
  }
}

function isVersion1(text: string): boolean {
  try {
    return (JSON.parse(text) as { version?: unknown })?.version === 1;
  } catch {
    return false;
  }
}

function jsonOf(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new AsciicastParseError(lineNumber, `not valid JSON (${(error as Error).message})`);
  }
}

// Unknown codes are skipped (undefined), but only once the line has the [time, code, data] shape.
function readEvent(
  value: unknown,
  version: AsciicastVersion,
  clock: EventClock,
  line: number,
): AsciicastEvent | undefined {
  const fail = (reason: string): never => {
    throw new AsciicastParseError(line, reason);
  };
  if (!Array.isArray(value) || value.length !== 3)
    fail(`an event must be a [time, code, data] array, got ${describeValue(value)}`);
  const [time, code, data] = value as unknown[];
  const timeName = version === 2 ? 'time' : 'interval';
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0)
    fail(`the ${timeName} must be a number of seconds of 0 or more, got ${describeValue(time)}`);
  if (typeof code !== 'string' || code === '')
    fail(`the event code must be a string such as "o", got ${describeValue(code)}`);
  if (typeof data !== 'string') fail(`the event data must be a string, got ${describeValue(data)}`);
  const absolute = clock.advance(time as number, line);
  if (!KNOWN_CODES[version].has(code as string)) return undefined;
  if (code === 'r' && !isSize(data as string))
    fail(`a resize must be "COLSxROWS" with both above 0, got ${describeValue(data)}`);
  return [absolute, code as EventCode, data as string];
}

function isSize(data: string): boolean {
  const match = RESIZE_PATTERN.exec(data);
  return !!match && Number(match[1]) > 0 && Number(match[2]) > 0;
}

// v2 times are absolute and must not go back; v3 intervals are summed in whole microseconds, so nothing drifts.
class EventClock {
  private micros = 0;
  private lastTime = 0;

  constructor(private readonly version: AsciicastVersion) {}

  advance(time: number, line: number): number {
    if (this.version === 3) {
      this.micros += toMicros(time);
      return this.micros / MICROS_PER_SECOND;
    }
    if (time < this.lastTime)
      throw new AsciicastParseError(
        line,
        `time goes backwards: ${time} is before the previous event's ${this.lastTime}`,
      );
    this.lastTime = time;
    return time;
  }
}
