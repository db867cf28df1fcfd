// The asciicast model shared by the writer, the parser and the importer; both versions read into this one shape.
export type AsciicastVersion = 2 | 3;

// o output, i input, m marker, r resize ("COLSxROWS"), x exit status (v3 only).
export type EventCode = 'o' | 'i' | 'm' | 'r' | 'x';

// [time in seconds since the recording started (absolute, for v3 too), code, data].
export type AsciicastEvent = [time: number, code: EventCode, data: string];

export interface AsciicastTheme {
  fg: string;
  bg: string;
  // "#rrggbb:#rrggbb:…", 8 or 16 colours.
  palette: string;
}

// v2 `width`/`height` and v3 `term.cols`/`term.rows` both become cols/rows.
export interface AsciicastHeader {
  cols: number;
  rows: number;
  termType?: string;
  termVersion?: string;
  timestamp?: number;
  duration?: number;
  idleTimeLimit?: number;
  command?: string;
  title?: string;
  env?: Record<string, string>;
  theme?: AsciicastTheme;
  tags?: string[];
}

export interface ParsedAsciicast {
  version: AsciicastVersion;
  header: AsciicastHeader;
  events: AsciicastEvent[];
}

export const KNOWN_CODES: Record<AsciicastVersion, ReadonlySet<string>> = {
  2: new Set(['o', 'i', 'm', 'r']),
  3: new Set(['o', 'i', 'm', 'r', 'x']),
};

export const RESIZE_PATTERN = /^(\d+)x(\d+)$/;
