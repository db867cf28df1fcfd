export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;
export const MAX_BATCH_EVENTS = 50_000;

// Splits text into pieces of at most maxBytes UTF-8 bytes without cutting a character (or a surrogate pair) in two.
export function splitByBytes(text: string, maxBytes: number): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isHighSurrogate = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const width = isHighSurrogate ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    if (bytes + width > maxBytes && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += width;
    if (isHighSurrogate) i++;
  }
  pieces.push(text.slice(start));
  return pieces;
}
