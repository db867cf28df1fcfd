import { PayloadTooLargeException } from '@nestjs/common';
import { IncomingMessage } from 'node:http';

// Reads the raw body, refusing (413) as soon as it is known to exceed the limit rather than buffering it all.
// The rest of an oversized body is discarded, not cut off, so the client reads the 413 instead of a reset.
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(tooLarge(request, declared, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData);
      reject(tooLarge(request, size, limit));
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks, size)));
    request.once('error', reject);
  });
}

function tooLarge(request: IncomingMessage, size: number, limit: number): PayloadTooLargeException {
  request.resume();
  return new PayloadTooLargeException(
    `batch of ${size} bytes is over the limit of ${limit} bytes; send smaller batches`,
  );
}
