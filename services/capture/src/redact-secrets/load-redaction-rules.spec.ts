import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE } from './fixtures/secret-shapes.fixtures';
import { loadRedactionRules, redactionConfigPath } from './load-redaction-rules';
import { createRedactor } from './redactor';

// A throwaway BACKTRACK_HOME holding redaction.json.
class ConfigContext {
  readonly home = mkdtempSync(join(tmpdir(), 'backtrack-redaction-'));
  private readonly previousHome = process.env['BACKTRACK_HOME'];

  constructor() {
    process.env['BACKTRACK_HOME'] = this.home;
  }

  get path(): string {
    return join(this.home, 'redaction.json');
  }

  writeConfig(config: unknown): void {
    writeFileSync(this.path, typeof config === 'string' ? config : JSON.stringify(config));
  }

  redactWithConfig(text: string): string {
    return createRedactor(loadRedactionRules()).redact(text).text;
  }

  cleanUp(): void {
    if (this.previousHome === undefined) delete process.env['BACKTRACK_HOME'];
    else process.env['BACKTRACK_HOME'] = this.previousHome;
    rmSync(this.home, { recursive: true, force: true });
  }
}

describe('loadRedactionRules', () => {
  let ctx: ConfigContext;
  beforeEach(() => (ctx = new ConfigContext()));
  afterEach(() => ctx.cleanUp());

  it('reads redaction.json from BACKTRACK_HOME', () => {
    expect(redactionConfigPath()).toBe(ctx.path);
  });

  it('falls back to the default rules when there is no file', () => {
    expect(loadRedactionRules()).toEqual({ disable: [], extraPatterns: [] });
    expect(ctx.redactWithConfig(`id_token ${FAKE.jwt}`)).toBe('id_token [REDACTED:jwt]');
  });

  it('switches off the rules listed in "disable"', () => {
    ctx.writeConfig({ disable: ['jwt'] });
    expect(ctx.redactWithConfig(`id_token ${FAKE.jwt} ${FAKE.awsAccessKey}`)).toBe(
      `id_token ${FAKE.jwt} [REDACTED:aws-access-key]`,
    );
  });

  it('adds the rules listed in "rules"', () => {
    ctx.writeConfig({ rules: [{ name: 'acme-key', pattern: 'ACME-[0-9A-F]{32}' }] });
    expect(ctx.redactWithConfig(`ACME-${'0123456789ABCDEF'.repeat(2)} and password=x`)).toBe(
      '[REDACTED:acme-key] and password=[REDACTED:assignment]',
    );
  });

  it('accepts flags and keywords on a rule', () => {
    ctx.writeConfig({
      rules: [{ name: 'ticket', pattern: 'tkt_[a-z0-9]{8}', flags: 'i', keywords: ['tkt_'] }],
    });
    expect(ctx.redactWithConfig('TKT_AB12CD34 issued')).toBe('[REDACTED:ticket] issued');
  });

  it('reads ~/.backtrack when BACKTRACK_HOME is not set', () => {
    delete process.env['BACKTRACK_HOME'];
    expect(redactionConfigPath()).toMatch(/[/\\]\.backtrack[/\\]redaction\.json$/);
  });

  it.each([
    ['invalid JSON', '{"disable": ["jwt",]}', 'not valid JSON'],
    ['an array', '[]', 'the file must hold an object'],
    ['an unknown top-level key', { disabled: ['jwt'] }, 'unknown key "disabled" at top level'],
    ['"disable" that is not a list', { disable: 'jwt' }, '"disable" must be a list of rule names'],
    [
      'an unknown rule to disable',
      { disable: ['jwtt'] },
      'Cannot disable unknown redaction rule "jwtt"',
    ],
    ['"rules" that is not a list', { rules: {} }, '"rules" must be a list'],
    ['a rule without a name', { rules: [{ pattern: 'x' }] }, 'rules[0] needs a "name" string'],
    [
      'a rule without a pattern',
      { rules: [{ name: 'acme-key' }] },
      'rule "acme-key" needs a "pattern" string',
    ],
    [
      'an invalid regex',
      { rules: [{ name: 'acme-key', pattern: 'ACME-[0-9' }] },
      'rule "acme-key" has an invalid pattern "ACME-[0-9"',
    ],
    [
      'invalid flags',
      { rules: [{ name: 'acme-key', pattern: 'x', flags: 'g' }] },
      'rule "acme-key" has invalid "flags" "g"',
    ],
    [
      'a pattern matching nothing at all',
      { rules: [{ name: 'acme-key', pattern: '.*' }] },
      'Redaction rule "acme-key" matches the empty string',
    ],
    [
      'a rule named like a default rule',
      { rules: [{ name: 'jwt', pattern: 'x' }] },
      'Redaction rule "jwt" is defined twice',
    ],
    [
      'an unknown key on a rule',
      { rules: [{ name: 'acme-key', pattern: 'x', regex: 'y' }] },
      'unknown key "regex" at rule "acme-key"',
    ],
  ])('rejects %s with an error naming the file', (_case, config, message) => {
    ctx.writeConfig(config);
    const load = () => loadRedactionRules();
    expect(load).toThrow(`Invalid redaction config ${ctx.path}: `);
    expect(load).toThrow(message);
  });

  it('loads from an explicit path', () => {
    const dir = join(ctx.home, 'elsewhere');
    mkdirSync(dir);
    writeFileSync(join(dir, 'custom.json'), JSON.stringify({ disable: ['assignment'] }));
    expect(loadRedactionRules(join(dir, 'custom.json'))).toEqual({
      disable: ['assignment'],
      extraPatterns: [],
    });
  });
});
