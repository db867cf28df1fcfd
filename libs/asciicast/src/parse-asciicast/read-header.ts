import { AsciicastHeader, AsciicastTheme, AsciicastVersion } from '../asciicast';
import { AsciicastParseError, describeValue } from './asciicast-parse-error';

type Fields = Record<string, unknown>;

// The header is line 1. Known fields are checked; unknown ones are left out of the result.
export function readHeader(value: unknown): { version: AsciicastVersion; header: AsciicastHeader } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const hint = Array.isArray(value) ? ' (is the header line missing?)' : '';
    fail(`the header must be a JSON object, got ${describeValue(value)}${hint}`);
  }
  const fields = value as Fields;
  const version = fields['version'];
  if (version === undefined) fail('the header has no "version" (expected 2 or 3)');
  if (version !== 2 && version !== 3)
    fail(`unsupported asciicast version ${describeValue(version)} (expected 2 or 3)`);
  const term = version === 3 ? termObject(fields['term']) : {};
  const size =
    version === 2
      ? {
          cols: terminalSize(fields, 'width', 'width'),
          rows: terminalSize(fields, 'height', 'height'),
        }
      : {
          cols: terminalSize(term, 'cols', 'term.cols'),
          rows: terminalSize(term, 'rows', 'term.rows'),
        };
  const env = stringMap(fields, 'env');
  const optional: Omit<AsciicastHeader, 'cols' | 'rows'> = {
    termType: version === 3 ? string(term, 'type', 'term.type') : env?.['TERM'],
    termVersion: version === 3 ? string(term, 'version', 'term.version') : undefined,
    timestamp: number(fields, 'timestamp', 'of 0 or more', (n) => n >= 0),
    duration: version === 2 ? number(fields, 'duration', 'of 0 or more', (n) => n >= 0) : undefined,
    idleTimeLimit: number(fields, 'idle_time_limit', 'above 0', (n) => n > 0),
    command: string(fields, 'command', 'command'),
    title: string(fields, 'title', 'title'),
    env,
    theme: version === 3 ? theme(term, 'term.theme') : theme(fields, 'theme'),
    tags: version === 3 ? tags(fields) : undefined,
  };
  const known = Object.entries(optional).filter(([, field]) => field !== undefined);
  return { version, header: { ...size, ...Object.fromEntries(known) } };
}

function termObject(term: unknown): Fields {
  if (term === undefined || term === null)
    fail('the header has no "term" (required in asciicast v3)');
  if (typeof term !== 'object' || Array.isArray(term))
    fail(`header field "term" must be an object with cols and rows, got ${describeValue(term)}`);
  return term as Fields;
}

function terminalSize(fields: Fields, key: string, name: string): number {
  const value = fields[key];
  if (value === undefined || value === null)
    fail(`the header has no "${name}" (the terminal size is required)`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(`header field "${name}" must be a whole number above 0, got ${describeValue(value)}`);
  return value;
}

// null counts as absent: asciinema 2 wrote `"title": null`.
function number(
  fields: Fields,
  key: string,
  expected: string,
  valid: (n: number) => boolean,
): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value))
    fail(`header field "${key}" must be a number ${expected}, got ${describeValue(value)}`);
  return value;
}

function string(fields: Fields, key: string, name: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    fail(`header field "${name}" must be a string, got ${describeValue(value)}`);
  return value;
}

function stringMap(fields: Fields, key: string): Record<string, string> | undefined {
  const value = fields[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    fail(`header field "${key}" must be an object of strings, got ${describeValue(value)}`);
  const map: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value as Fields)) {
    if (entry === null) continue;
    if (typeof entry !== 'string')
      fail(`header field "${key}.${name}" must be a string, got ${describeValue(entry)}`);
    map[name] = entry;
  }
  return map;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function theme(fields: Fields, name: string): AsciicastTheme | undefined {
  const value = fields['theme'];
  if (value === undefined || value === null) return undefined;
  const { fg, bg, palette } = (typeof value === 'object' ? value : {}) as Fields;
  const colors = typeof palette === 'string' ? palette.split(':') : [];
  const valid =
    typeof fg === 'string' &&
    COLOR.test(fg) &&
    typeof bg === 'string' &&
    COLOR.test(bg) &&
    (colors.length === 8 || colors.length === 16) &&
    colors.every((color) => COLOR.test(color));
  if (!valid)
    fail(
      `header field "${name}" must be {"fg": "#rrggbb", "bg": "#rrggbb", "palette": 8 or 16 "#rrggbb" joined by ":"}`,
    );
  return { fg: fg as string, bg: bg as string, palette: palette as string };
}

function tags(fields: Fields): string[] | undefined {
  const value = fields['tags'];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string'))
    fail(`header field "tags" must be an array of strings, got ${describeValue(value)}`);
  return value as string[];
}

function fail(reason: string): never {
  throw new AsciicastParseError(1, reason);
}
