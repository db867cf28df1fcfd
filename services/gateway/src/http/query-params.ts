import { BadRequestException } from '@nestjs/common';

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

// Reads a request's query string strictly: unknown or repeated parameters and malformed values are a 400 that
// names the parameter, so a typo never silently widens a question.
export class QueryParams {
  private readonly values: Record<string, unknown>;

  constructor(query: unknown, allowed: readonly string[]) {
    this.values = (query ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(this.values).filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      throw new BadRequestException(
        `unknown query parameter ${unknown.map((name) => `"${name}"`).join(', ')}; expected ${allowed.join(', ')}`,
      );
    }
  }

  text(name: string, maxLength = 500): string | undefined {
    const value = this.single(name);
    if (value === undefined || value === '') return undefined;
    if (value.length > maxLength)
      throw this.invalid(name, `must be at most ${maxLength} characters`);
    return value;
  }

  requiredText(name: string, maxLength = 500): string {
    const value = this.text(name, maxLength);
    if (value === undefined || value.trim() === '') throw this.invalid(name, 'is required');
    return value;
  }

  // ISO-8601: a date (UTC midnight) or a date-time with a zone; anything else is ambiguous on a server.
  instant(name: string): Date | undefined {
    const value = this.text(name, 64);
    if (value === undefined) return undefined;
    const time = ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) {
      throw this.invalid(
        name,
        `must be an ISO-8601 date-time with a zone, such as 2026-11-17T09:00:00Z (got "${value}")`,
      );
    }
    return new Date(time);
  }

  integer(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.text(name, 20);
    if (value === undefined) return undefined;
    const number = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
      throw this.invalid(
        name,
        `must be a whole number from ${range.min} to ${range.max} (got "${value}")`,
      );
    }
    return number;
  }

  limit(defaultLimit: number, max: number): number {
    return this.integer('limit', { min: 1, max }) ?? defaultLimit;
  }

  invalid(name: string, problem: string): BadRequestException {
    return new BadRequestException(`query parameter "${name}" ${problem}`);
  }

  private single(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, 'must be given once, as a plain value');
    return value;
  }
}

// Rejects a range that cannot hold anything, which is always a mistake by the asker.
export function assertRange(since: Date | undefined, until: Date | undefined): void {
  if (since && until && since.getTime() >= until.getTime()) {
    throw new BadRequestException(
      `query parameter "since" (${since.toISOString()}) must be before "until" (${until.toISOString()})`,
    );
  }
}
