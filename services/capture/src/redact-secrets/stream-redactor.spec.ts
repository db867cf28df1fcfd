import { LOOK_ALIKES } from './fixtures/look-alikes.fixtures';
import { FAKE, SECRET_SHAPES } from './fixtures/secret-shapes.fixtures';
import { createRedactor } from './redactor';
import { createStreamRedactor, type StreamRedactorOptions } from './stream-redactor';

const PEM_BEGIN = ['-----BEGIN RSA PRIVATE', ' KEY-----'].join('');
const PEM_END = ['-----END RSA PRIVATE', ' KEY-----'].join('');

class StreamContext {
  readonly redactor = createRedactor();

  stream(options?: StreamRedactorOptions) {
    return createStreamRedactor(this.redactor, options);
  }

  // Pushes each chunk, then flushes; returns every piece emitted.
  feed(chunks: string[], options?: StreamRedactorOptions): string[] {
    const stream = this.stream(options);
    const pieces = chunks.map((chunk) => stream.push(chunk));
    return [...pieces, stream.flush()];
  }

  oneShot(text: string): string {
    return this.redactor.redact(text).text;
  }

  // Every way of cutting the text into two chunks whose streamed output differs from the one-shot redaction.
  twoChunkMismatches(text: string, expected = this.oneShot(text)): string[] {
    const failures: string[] = [];
    for (let at = 0; at <= text.length; at++) {
      const out = this.feed([text.slice(0, at), text.slice(at)]).join('');
      if (out !== expected) failures.push(`split at ${at}: ${JSON.stringify(out)}`);
    }
    return failures;
  }
}

// A small seeded generator, so a failing split can be reproduced.
function cutPoints(seed: number, length: number, count: number): number[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: count }, () => Math.floor(next() * length)).sort((a, b) => a - b);
}

describe('createStreamRedactor', () => {
  const ctx = new StreamContext();

  it.each(SECRET_SHAPES.map((shape) => [shape.rule, shape.text, shape]))(
    'still hides a %s split at every position across two chunks, exactly like the one-shot redaction: %j',
    (_rule, _text, shape) => {
      expect(ctx.twoChunkMismatches(shape.text, shape.redacted)).toEqual([]);
    },
  );

  it.each(LOOK_ALIKES.map((l) => [l.what, l.text]))(
    'passes %s through unchanged at every split',
    (_what, text) => {
      expect(ctx.twoChunkMismatches(text, text)).toEqual([]);
    },
  );

  it('hides every secret when output arrives one character at a time', () => {
    const failures = SECRET_SHAPES.filter(
      (shape) => ctx.feed([...shape.text]).join('') !== shape.redacted,
    );
    expect(failures.map((f) => f.text)).toEqual([]);
  });

  it('matches the one-shot redaction of a whole transcript cut into random chunks', () => {
    const transcript = [
      ...SECRET_SHAPES.map((s) => s.text),
      ...LOOK_ALIKES.map((l) => l.text),
    ].join('\r\n');
    const expected = ctx.oneShot(transcript);
    for (let seed = 1; seed <= 50; seed++) {
      const cuts = [0, ...cutPoints(seed, transcript.length, 40), transcript.length];
      const chunks = cuts.slice(1).map((end, i) => transcript.slice(cuts[i], end));
      expect({ seed, out: ctx.feed(chunks).join('') }).toEqual({ seed, out: expected });
    }
  });

  it('emits text that cannot be part of a secret at once', () => {
    const stream = ctx.stream();
    expect(stream.push('total 12\r\ndrwxr-xr-x 2 dev dev 4096 src\r\n')).toBe(
      'total 12\r\ndrwxr-xr-x 2 dev dev 4096 src\r\n',
    );
    expect(stream.push('$ ')).toBe('$ ');
  });

  it('holds back only the trailing partial token, then hides it once complete', () => {
    const stream = ctx.stream();
    expect(stream.push(`build ok ${FAKE.awsAccessKey.slice(0, 8)}`)).toBe('build ok ');
    expect(stream.push(`${FAKE.awsAccessKey.slice(8)} done\n`)).toBe(
      '[REDACTED:aws-access-key] done\n',
    );
  });

  it('never holds back more than holdBytes of a run without spaces', () => {
    expect(ctx.stream().push('x'.repeat(10_000))).toHaveLength(10_000 - 4096);
    expect(ctx.stream({ holdBytes: 100 }).push('x'.repeat(10_000))).toHaveLength(9_900);
  });

  it('never splits a surrogate pair when it cuts a long run', () => {
    const run = `${'a'.repeat(5000)}😀${'b'.repeat(4095)}`;
    const emitted = ctx.stream().push(run);
    expect(emitted).toBe('a'.repeat(5000));
  });

  it('holds a private key block back until its END line', () => {
    const stream = ctx.stream();
    expect(stream.push(`$ cat id_rsa\n${PEM_BEGIN}\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMx\n`)).toBe(
      '$ cat id_rsa\n',
    );
    expect(stream.push('VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTK\n')).toBe('');
    expect(stream.push(`${PEM_END}\n$ `)).toBe(
      `${PEM_BEGIN}\n[REDACTED:private-key]\n${PEM_END}\n$ `,
    );
  });

  it('still hides a private key block longer than the hold cap, emitting it in pieces', () => {
    const line = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun';
    const body = Array.from({ length: 1000 }, () => line).join('\n'); // ~64 KiB, over the 32 KiB cap
    const stream = ctx.stream();
    const pieces = [stream.push(`${PEM_BEGIN}\n`)];
    for (let i = 0; i < body.length; i += 1024) pieces.push(stream.push(body.slice(i, i + 1024)));
    const beforeEnd = pieces.join('');
    pieces.push(stream.push(`\n${PEM_END}\n`), stream.flush());
    const out = pieces.join('');
    expect(beforeEnd).toContain('[REDACTED:private-key]');
    expect(out).not.toMatch(/MIIE|gun/);
    expect(out.startsWith(`${PEM_BEGIN}\n[REDACTED:private-key]`)).toBe(true);
    expect(out.endsWith(`${PEM_END}\n`)).toBe(true);
  });

  it('hides the rest of a value whose start was flushed early', () => {
    const stream = ctx.stream();
    const first = stream.push('export GITHUB_TOKEN=opaque-') + stream.flush();
    const second = stream.push('and-secret-rest\n');
    expect(first + second).not.toContain('and-secret-rest');
    expect(second).toBe('[REDACTED:assignment]\n');
  });

  it('hides the rest of a token whose start was flushed before it was recognisable', () => {
    const stream = ctx.stream();
    const first = stream.push(`echo ${FAKE.githubClassic.slice(0, 10)}`) + stream.flush();
    const second = stream.push(`${FAKE.githubClassic.slice(10)} done\n`);
    expect(first).toBe(`echo ${FAKE.githubClassic.slice(0, 10)}`);
    expect(second).toBe('[REDACTED:github-token] done\n');
  });

  it('keeps totals of what it hid', () => {
    const stream = ctx.stream();
    stream.push(`a=${FAKE.awsAccessKey} password=x `);
    stream.push(`b=${FAKE.awsSessionKey}\n`);
    expect(stream.stats()).toEqual({ hits: 3, rules: ['aws-access-key', 'assignment'] });
  });

  it('rejects a hold that is not a positive integer', () => {
    expect(() => ctx.stream({ holdBytes: 0 })).toThrow(
      'holdBytes must be a positive integer, got 0',
    );
  });
});
