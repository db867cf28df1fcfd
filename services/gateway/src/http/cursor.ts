import { BadRequestException } from '@nestjs/common';

// Opaque to clients: the values a keyset query resumes after, as base64url JSON.
export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends Array<string | number>>(
  cursor: string | undefined,
  shape: Array<'string' | 'number' | 'digits'>,
): T | undefined {
  if (cursor === undefined) return undefined;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const fits =
    Array.isArray(values) &&
    values.length === shape.length &&
    values.every((value, i) => fitsShape(value, shape[i]!));
  if (!fits)
    throw new BadRequestException(
      'query parameter "cursor" is not a cursor this server gave out (use nextCursor as is)',
    );
  return values as T;
}

// 'digits': a big integer (microseconds since 1970) carried as a string, beyond what a JSON number holds exactly.
function fitsShape(value: unknown, shape: 'string' | 'number' | 'digits'): boolean {
  if (shape === 'digits') return typeof value === 'string' && /^-?\d{1,19}$/.test(value);
  if (shape === 'number')
    return (
      typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1
    );
  return typeof value === 'string';
}
