export type DecodeErrorCode =
  | 'invalid_envelope'
  | 'invalid_payload'
  | 'unknown_type'
  | 'unsupported_version'
  | 'too_large'
  | 'invalid_batch';

// Names the event, the field and the reason, so a dead-lettered event explains itself.
export class EventDecodeError extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    readonly reason: string,
    readonly eventType?: string,
    readonly field?: string,
    readonly seq?: number,
  ) {
    super(describe(code, reason, eventType, field, seq));
    this.name = 'EventDecodeError';
  }
}

function describe(
  code: DecodeErrorCode,
  reason: string,
  type?: string,
  field?: string,
  seq?: number,
): string {
  const what = type ? `event ${type}${seq !== undefined ? ` (seq ${seq})` : ''}` : 'event';
  const where = field ? `, field "${field}"` : '';
  return `${what}${where}: ${reason} [${code}]`;
}

export class BatchDecodeError extends Error {
  constructor(readonly reason: string) {
    super(`batch: ${reason}`);
    this.name = 'BatchDecodeError';
  }
}
