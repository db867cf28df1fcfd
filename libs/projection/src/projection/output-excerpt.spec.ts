import { appendToExcerpt, EXCERPT_CUT_MARK, EXCERPT_MAX_CHARS } from './output-excerpt';

const HALF = EXCERPT_MAX_CHARS / 2;

function appendAll(pieces: string[]): string {
  return pieces.reduce((excerpt, piece) => appendToExcerpt(excerpt, piece), '');
}

describe('appendToExcerpt', () => {
  it('keep all output up to the limit', () => {
    const pieces = ['a'.repeat(EXCERPT_MAX_CHARS - 10), 'b'.repeat(10)];
    expect(appendAll(pieces)).toBe(pieces.join(''));
  });

  it('keep the first and the last half of longer output, marked where it was cut', () => {
    const whole = Array.from({ length: 3000 }, (_, i) => `line ${i}\n`).join('');
    const excerpt = appendToExcerpt('', whole);
    expect(excerpt).toBe(whole.slice(0, HALF) + EXCERPT_CUT_MARK + whole.slice(-HALF));
  });

  it('give the same excerpt however the output was split into batches', () => {
    const whole = Array.from({ length: 5000 }, (_, i) => `${i} ✓ 🎉\n`).join('');
    const once = appendToExcerpt('', whole);
    for (const size of [1, 7, 100, 4095, 4096, 8193, 20_000]) {
      const pieces: string[] = [];
      for (let i = 0; i < whole.length; i += size) pieces.push(whole.slice(i, i + size));
      expect(appendAll(pieces)).toBe(once);
    }
  });

  it('never split an emoji at the head or tail boundary', () => {
    const around = (at: number) => 'x'.repeat(at - 1) + '🎉' + 'y'.repeat(EXCERPT_MAX_CHARS);
    for (const text of [around(HALF), around(HALF + 1)]) {
      const excerpt = appendToExcerpt('', text + '🎉'.repeat(3) + 'z'.repeat(HALF - 1));
      expect(excerpt).not.toMatch(
        /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
      );
    }
  });
});
