const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

// jsonb and text cannot hold U+0000 (terminal output sometimes does): it becomes U+FFFD instead of failing the batch.
export function jsonForPostgres(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1\\ufffd') : json;
}
