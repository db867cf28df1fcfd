import { BadRequestException } from '@nestjs/common';
import { SeekTarget } from '@backtrack/playback';
import { QueryParams } from '../http/query-params';

const MAX_SEQ = 2 ** 31 - 1;
const MAX_SECONDS = 2 ** 31 - 1;
const SECONDS = /^\d+(\.\d+)?$/;

// The moment ?seq=N or ?at=SECONDS names; undefined for neither (the last stored event).
export function screenMoment(params: QueryParams): SeekTarget | undefined {
  const seq = params.integer('seq', { min: 0, max: MAX_SEQ });
  const at = params.text('at', 32);
  if (seq !== undefined && at !== undefined)
    throw new BadRequestException(
      'query parameters "seq" and "at" both name the moment; give one of them',
    );
  if (seq !== undefined) return { seq };
  if (at === undefined) return undefined;
  const seconds = SECONDS.test(at) ? Number(at) : NaN;
  if (!(seconds <= MAX_SECONDS))
    throw params.invalid(
      'at',
      `must be seconds from the session's first event, from 0 to ${MAX_SECONDS}, such as 90 or 90.5 (got "${at}")`,
    );
  return { time: seconds * 1000 };
}
