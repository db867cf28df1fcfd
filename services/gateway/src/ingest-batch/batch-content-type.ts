import { UnsupportedMediaTypeException } from '@nestjs/common';
import { BATCH_CONTENT_TYPE } from '@backtrack/events';

const MEDIA_TYPE = 'application/vnd.backtrack.batch+json';

// The media type carries the batch format version; a version this gateway does not know is refused, not guessed.
export function assertBatchContentType(header: string | undefined): void {
  const [type, ...parameters] = (header ?? '').split(';').map((part) => part.trim().toLowerCase());
  const version = parameters
    .find((p) => p.startsWith('version='))
    ?.slice('version='.length)
    .replace(/"/g, '');
  if (type !== MEDIA_TYPE || (version !== undefined && version !== '1')) {
    throw new UnsupportedMediaTypeException(
      `content-type must be "${BATCH_CONTENT_TYPE}" (got "${header ?? ''}")`,
    );
  }
}
