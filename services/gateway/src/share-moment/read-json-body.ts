import { UnsupportedMediaTypeException, BadRequestException } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { readBody } from '../ingest-batch/read-body';

const MAX_JSON_BODY = 16 * 1024;

// The gateway has no body parser (ingest reads its own): this reads a small JSON body; an empty one is undefined.
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const raw = await readBody(request, MAX_JSON_BODY);
  if (raw.length === 0) return undefined;
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType))
    throw new UnsupportedMediaTypeException(
      `send the body as Content-Type: application/json (got "${contentType || 'none'}")`,
    );
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new BadRequestException(`the body is not JSON: ${(error as Error).message}`);
  }
}
