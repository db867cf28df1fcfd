export const EXCERPT_MAX_CHARS = 8192;
const HALF = EXCERPT_MAX_CHARS / 2;
// Any excerpt longer than the maximum has been cut; that is how a later batch knows to keep only head and tail.
export const EXCERPT_CUT_MARK = '\n[…]\n';

// Output of a long command keeps its first and last 4 KiB. Appending batch by batch gives the same result as
// appending everything at once, so a rebuild (other chunk boundaries) reproduces the rows exactly.
export function appendToExcerpt(excerpt: string, text: string): string {
  if (text === '') return excerpt;
  const wasCut = excerpt.length > EXCERPT_MAX_CHARS;
  if (!wasCut && excerpt.length + text.length <= EXCERPT_MAX_CHARS) return excerpt + text;
  if (!wasCut) {
    const whole = excerpt + text;
    return headOf(whole) + EXCERPT_CUT_MARK + tailOf(whole);
  }
  return headOf(excerpt) + EXCERPT_CUT_MARK + tailOf(tailOf(excerpt) + text);
}

// Never split a surrogate pair: the head takes the whole pair, the tail too.
function headOf(text: string): string {
  const last = text.charCodeAt(HALF - 1);
  return text.slice(0, isHighSurrogate(last) ? HALF + 1 : HALF);
}

function tailOf(text: string): string {
  const start = text.length - HALF;
  return text.slice(start > 0 && isLowSurrogate(text.charCodeAt(start)) ? start - 1 : start);
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
