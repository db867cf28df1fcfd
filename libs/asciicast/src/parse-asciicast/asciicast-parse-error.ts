// Says which line of the file is wrong and why, e.g. "line 7: not valid JSON (…)".
export class AsciicastParseError extends Error {
  override readonly name = 'AsciicastParseError';

  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

// How a wrong value is shown in an error: short, and its type visible.
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 37)}…"` : text;
  }
  return String(value);
}
