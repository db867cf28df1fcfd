export interface RedactionRule {
  name: string;
  // A named group `secret` marks the part to hide (e.g. the value after `password=`); without it the whole match is hidden.
  pattern: RegExp;
  // Literals of which at least one must occur for the rule to run at all: the cheap prefilter. None = always run.
  keywords?: string[];
  // Longest match the stream redactor keeps waiting for (default: its holdBytes), e.g. a private key block.
  maxLength?: number;
}

export interface UserPattern {
  name: string;
  pattern: string | RegExp;
  flags?: string;
  keywords?: string[];
}

export interface CompiledRule {
  name: string;
  order: number;
  pattern: RegExp;
  keywords: string[];
  ignoreCase: boolean;
  maxLength: number | undefined;
}

const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

// Every rule runs as a global regex with match indices (`d`), so the `secret` group can be located.
export function compileRule(rule: RedactionRule, order: number): CompiledRule {
  if (!RULE_NAME.test(rule.name)) {
    throw new Error(
      `Invalid redaction rule name "${rule.name}": use letters, digits, "-", "_" or "."`,
    );
  }
  const flags = [...new Set(`${rule.pattern.flags}gd`)].filter((f) => f !== 'y').join('');
  const pattern = new RegExp(rule.pattern.source, flags);
  if (pattern.exec('') !== null) {
    throw new Error(
      `Redaction rule "${rule.name}" matches the empty string: /${rule.pattern.source}/`,
    );
  }
  return {
    name: rule.name,
    order,
    pattern,
    keywords: rule.keywords ?? literalPrefixKeyword(rule.pattern.source),
    ignoreCase: pattern.ignoreCase,
    maxLength: rule.maxLength,
  };
}

export function userPatternToRule(user: UserPattern): RedactionRule {
  const pattern =
    typeof user.pattern === 'string' ? new RegExp(user.pattern, user.flags ?? '') : user.pattern;
  return user.keywords
    ? { name: user.name, pattern, keywords: user.keywords }
    : { name: user.name, pattern };
}

// A pattern that starts with a plain literal (e.g. `ACME-[0-9A-F]{32}`) gets that literal as its prefilter keyword.
export function literalPrefixKeyword(source: string): string[] {
  if (source.includes('|')) return [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    let char = source[i]!;
    let width = 1;
    if (char === '\\') {
      const escaped = source[i + 1] ?? '';
      if (!/^[-.\\/^$*+?()[\]{}|]$/.test(escaped)) break;
      char = escaped;
      width = 2;
    } else if ('.^$*+?()[]{}|'.includes(char)) break;
    const next = source[i + width] ?? '';
    if ('?*{'.includes(next) && next !== '') break;
    literal += char;
    i += width - 1;
    if (next === '+') break;
  }
  return literal.length >= 3 ? [literal] : [];
}
