import { DEFAULT_RULE_NAMES } from './default-rules';
import { LOOK_ALIKES } from './fixtures/look-alikes.fixtures';
import { FAKE, SECRET_SHAPES } from './fixtures/secret-shapes.fixtures';
import { literalPrefixKeyword } from './redaction-rule';
import { createRedactor, type RedactorOptions } from './redactor';

class RedactorContext {
  redact(text: string, options?: RedactorOptions) {
    return createRedactor(options).redact(text);
  }
}

describe('createRedactor', () => {
  const ctx = new RedactorContext();

  describe('default rules', () => {
    it.each(SECRET_SHAPES.map((shape) => [shape.rule, shape.text, shape]))(
      'hides a %s and keeps the text around it: %j',
      (_rule, _text, shape) => {
        const result = ctx.redact(shape.text);
        expect(result.text).toBe(shape.redacted);
        expect(result.rules).toEqual([shape.rule]);
      },
    );

    it('has at least one secret shape for every default rule', () => {
      const covered = new Set(SECRET_SHAPES.map((s) => s.rule));
      expect(DEFAULT_RULE_NAMES.filter((name) => !covered.has(name))).toEqual([]);
    });

    it.each(LOOK_ALIKES.map((l) => [l.what, l.text]))('leaves %s alone', (_what, text) => {
      expect(ctx.redact(text)).toEqual({ text, hits: 0, rules: [] });
    });
  });

  it('keeps the key of an assignment and hides only the value', () => {
    expect(ctx.redact('password=hunter2').text).toBe('password=[REDACTED:assignment]');
  });

  it('counts every secret in the text and lists each rule once, in order of appearance', () => {
    const text = `id=${FAKE.awsAccessKey} password=a1 other=${FAKE.awsSessionKey} token: b2`;
    expect(ctx.redact(text)).toEqual({
      text: 'id=[REDACTED:aws-access-key] password=[REDACTED:assignment] other=[REDACTED:aws-access-key] token: [REDACTED:assignment]',
      hits: 4,
      rules: ['aws-access-key', 'assignment'],
    });
  });

  it('names the more specific rule when two rules hide the same value', () => {
    expect(ctx.redact(`password=${FAKE.githubClassic}`).text).toBe(
      'password=[REDACTED:github-token]',
    );
  });

  it('switches off a disabled rule', () => {
    expect(ctx.redact(`id_token ${FAKE.jwt}`, { disable: ['jwt'] }).text).toBe(
      `id_token ${FAKE.jwt}`,
    );
    expect(ctx.redact(`id_token ${FAKE.jwt}`).text).toBe('id_token [REDACTED:jwt]');
  });

  it('rejects disabling a rule that does not exist, naming it', () => {
    expect(() => ctx.redact('x', { disable: ['jwtt'] })).toThrow(
      'Cannot disable unknown redaction rule "jwtt"',
    );
  });

  it('adds extra patterns after the defaults', () => {
    const extraPatterns = [{ name: 'acme-key', pattern: 'ACME-[0-9A-F]{32}' }];
    expect(ctx.redact(`key ACME-${'0123456789ABCDEF'.repeat(2)} ok`, { extraPatterns })).toEqual({
      text: 'key [REDACTED:acme-key] ok',
      hits: 1,
      rules: ['acme-key'],
    });
  });

  it('hides only the `secret` group of an extra pattern, and honours its flags', () => {
    const extraPatterns = [{ name: 'pin', pattern: 'pin code (?<secret>\\d{4,})', flags: 'i' }];
    expect(ctx.redact('PIN CODE 123456 accepted', { extraPatterns }).text).toBe(
      'PIN CODE [REDACTED:pin] accepted',
    );
  });

  it('runs an extra pattern without a literal prefix on every text', () => {
    const extraPatterns = [{ name: 'badge', pattern: '\\d{6}-[A-Z]{3}' }];
    expect(ctx.redact('badge 123456-XYZ', { extraPatterns }).text).toBe('badge [REDACTED:badge]');
  });

  it('rejects an extra pattern that matches the empty string', () => {
    expect(() => ctx.redact('x', { extraPatterns: [{ name: 'all', pattern: 'a*' }] })).toThrow(
      'Redaction rule "all" matches the empty string',
    );
  });

  it('rejects an extra pattern that reuses a rule name', () => {
    expect(() => ctx.redact('x', { extraPatterns: [{ name: 'jwt', pattern: 'xyz' }] })).toThrow(
      'Redaction rule "jwt" is defined twice',
    );
  });

  it('rejects a rule name that cannot appear in a marker', () => {
    expect(() => ctx.redact('x', { extraPatterns: [{ name: 'my key]', pattern: 'xyz' }] })).toThrow(
      'Invalid redaction rule name "my key]"',
    );
  });

  it('replaces the whole rule set when given rules', () => {
    const rules = [{ name: 'digits', pattern: /\d{3,}/ }];
    expect(ctx.redact(`pin 12345 password=x ${FAKE.awsAccessKey}`, { rules }).text).toBe(
      `pin [REDACTED:digits] password=x ${FAKE.awsAccessKey}`,
    );
  });
});

describe('literalPrefixKeyword', () => {
  it.each([
    ['ACME-[0-9A-F]{32}', ['ACME-']],
    ['tok\\.en_\\d+', ['tok.en_']],
    ['abcd?e', ['abc']],
    ['abc+', ['abc']],
    ['ab[0-9]', []],
    ['foo|bar', []],
    ['\\d{4}', []],
  ])('uses the literal start of /%s/ as its prefilter keyword', (source, expected) => {
    expect(literalPrefixKeyword(source)).toEqual(expected);
  });
});
