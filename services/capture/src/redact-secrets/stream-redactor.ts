import {
  isWhitespace,
  renderRedacted,
  type Redactor,
  type SecretMatch,
  type SecretScan,
} from './redactor';

// A big chunk is redacted in pieces: joining a piece to the held-back tail copies it, and V8 copies strings over
// ~64K characters into slow large-object space (the result is the same, see the split tests).
const MAX_PIECE = 16 * 1024;

export interface StreamRedactorOptions {
  // Longest partial token held back while waiting for the next chunk (characters). Rules may wait longer (maxLength).
  holdBytes?: number;
  // Already emitted text kept (never re-emitted) so a key like `password: ` still applies to a value in the next chunk.
  contextBytes?: number;
}

export interface StreamRedactor {
  // Returns what is safe to emit now; holds back only a tail that could still be part of a secret.
  push(chunk: string): string;
  // Emits everything held back (call after a few ms of quiet and at the end of the stream).
  flush(): string;
  stats(): { hits: number; rules: string[] };
}

interface Cut {
  at: number;
  // A secret still open at `at`: what precedes it (the BEGIN line, the `password: ` key) is kept as context, as if the
  // secret ended there, so whatever of it comes next is hidden too.
  open?: SecretMatch;
}

export function createStreamRedactor(
  redactor: Redactor,
  options: StreamRedactorOptions = {},
): StreamRedactor {
  const holdBytes = positiveInteger(options.holdBytes ?? 4096, 'holdBytes');
  const contextBytes = positiveInteger(options.contextBytes ?? 256, 'contextBytes');
  let context = '';
  let pending = '';
  let hits = 0;
  const rules = new Set<string>();

  const emit = (chunk: string, final: boolean): string => {
    const text = context + pending + chunk;
    const from = context.length;
    const scan = redactor.scan(text);
    const cut = final ? finalCut(text, scan) : safeCut(text, from, scan, holdBytes);
    const out = renderRedacted(text, scan.spans, from, cut.at);
    hits += out.hits;
    out.rules.forEach((r) => rules.add(r));
    pending = text.slice(cut.at);
    context = cut.open
      ? text.slice(
          Math.max(0, Math.min(cut.open.start, cut.open.secretStart - contextBytes)),
          cut.open.secretStart,
        )
      : text.slice(Math.max(0, cut.at - contextBytes), cut.at);
    return out.text;
  };

  return {
    push: (chunk) => {
      if (chunk.length <= MAX_PIECE) return emit(chunk, false);
      let out = '';
      for (let i = 0; i < chunk.length; i += MAX_PIECE)
        out += emit(chunk.slice(i, i + MAX_PIECE), false);
      return out;
    },
    flush: () => emit('', true),
    stats: () => ({ hits, rules: [...rules] }),
  };
}

// The earliest of: the trailing run of non-space characters (a token may be half there), the start of any match
// that reaches the end (it may grow), each bounded; then moved back so no secret straddles the cut.
function safeCut(text: string, from: number, scan: SecretScan, holdBytes: number): Cut {
  const end = text.length;
  let at = trailingRunStart(text, Math.max(from, end - holdBytes));
  for (const match of growingMatches(scan, end)) {
    if (end - match.start > (match.maxLength ?? holdBytes)) return withOpen(end, match);
    at = Math.min(at, match.start);
  }
  const straddling = scan.spans.find((s) => s.secretStart < at && at < s.secretEnd);
  if (straddling) at = straddling.secretStart;
  at = Math.max(at, from);
  // Never split a surrogate pair: the caller may encode each emitted piece on its own.
  if (at > from && at < end && isHighSurrogate(text.charCodeAt(at - 1))) at--;
  return { at };
}

function finalCut(text: string, scan: SecretScan): Cut {
  const open = growingMatches(scan, text.length).find((m) => m.secretStart > m.start);
  return open ? withOpen(text.length, open) : { at: text.length };
}

// Only a secret with a prefix can be carried on; a bare token is still found by the plain context.
function withOpen(at: number, match: SecretMatch): Cut {
  return match.secretStart > match.start ? { at, open: match } : { at };
}

function growingMatches(scan: SecretScan, end: number): SecretMatch[] {
  return scan.matches.filter((m) => m.end === end).sort((a, b) => a.start - b.start);
}

function trailingRunStart(text: string, lowerBound: number): number {
  let i = text.length;
  while (i > lowerBound && !isWhitespace(text.charCodeAt(i - 1))) i--;
  return i;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`Stream redactor option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
