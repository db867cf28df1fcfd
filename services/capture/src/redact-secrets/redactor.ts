import { DEFAULT_RULES } from './default-rules';
import { createKeywordPrefilter } from './keyword-prefilter';
import {
  compileRule,
  userPatternToRule,
  type CompiledRule,
  type RedactionRule,
  type UserPattern,
} from './redaction-rule';

export interface RedactorOptions {
  // The base rule set; defaults to DEFAULT_RULES.
  rules?: readonly RedactionRule[];
  // Names of base rules to switch off, e.g. ["jwt"].
  disable?: readonly string[];
  // User rules added after the base rules, e.g. from ~/.backtrack/redaction.json.
  extraPatterns?: readonly UserPattern[];
}

export interface RedactionResult {
  text: string;
  hits: number;
  rules: string[];
}

export interface SecretMatch {
  rule: string;
  order: number;
  start: number;
  end: number;
  secretStart: number;
  secretEnd: number;
  maxLength: number | undefined;
}

export interface SecretScan {
  // Every match of every rule, including those that lost to an overlapping one (the stream redactor needs them).
  matches: SecretMatch[];
  // The non-overlapping secrets to hide, in text order.
  spans: SecretMatch[];
}

export interface Redactor {
  redact(text: string): RedactionResult;
  scan(text: string): SecretScan;
  readonly ruleNames: readonly string[];
}

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const rules = selectRules(options).map(compileRule);
  const rulesToRun = createKeywordPrefilter(rules);
  const scan = (text: string): SecretScan => {
    const matches = rulesToRun(text).flatMap((rule) => findMatches(rule, text));
    return { matches, spans: chooseSpans(matches) };
  };
  return {
    ruleNames: rules.map((r) => r.name),
    scan,
    redact: (text) => renderRedacted(text, scan(text).spans, 0, text.length),
  };
}

function selectRules(options: RedactorOptions): RedactionRule[] {
  const base = options.rules ?? DEFAULT_RULES;
  const baseNames = new Set(base.map((r) => r.name));
  for (const name of options.disable ?? []) {
    if (!baseNames.has(name)) {
      throw new Error(
        `Cannot disable unknown redaction rule "${name}"; known rules: ${[...baseNames].join(', ')}`,
      );
    }
  }
  const extra = (options.extraPatterns ?? []).map(userPatternToRule);
  const names = new Set(baseNames);
  for (const rule of extra) {
    if (names.has(rule.name)) {
      throw new Error(
        `Redaction rule "${rule.name}" is defined twice; pick another name (or disable the default)`,
      );
    }
    names.add(rule.name);
  }
  const disabled = new Set(options.disable ?? []);
  return [...base.filter((r) => !disabled.has(r.name)), ...extra];
}

function findMatches(rule: CompiledRule, text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  const { pattern } = rule;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const [start, end] = m.indices![0]!;
    const secret = m.indices!.groups?.['secret'] ?? [start, end];
    const [secretStart, secretEnd] = trimWhitespace(text, secret[0], secret[1]);
    if (secretEnd > secretStart) {
      found.push({
        rule: rule.name,
        order: rule.order,
        start,
        end,
        secretStart,
        secretEnd,
        maxLength: rule.maxLength,
      });
    }
    if (end === start) pattern.lastIndex++;
  }
  return found;
}

// Where rules overlap, the secret that starts first wins, then the longer one, then the rule listed first.
function chooseSpans(matches: SecretMatch[]): SecretMatch[] {
  if (matches.length < 2) return matches;
  const sorted = [...matches].sort(
    (a, b) =>
      a.secretStart - b.secretStart ||
      b.secretEnd - b.secretStart - (a.secretEnd - a.secretStart) ||
      a.order - b.order,
  );
  const spans: SecretMatch[] = [];
  let reachedEnd = -1;
  for (const match of sorted) {
    if (match.secretStart < reachedEnd) continue;
    spans.push(match);
    reachedEnd = match.secretEnd;
  }
  return spans;
}

// Renders text[from, to) with each secret (or the part of it inside the range) replaced by its marker.
export function renderRedacted(
  text: string,
  spans: readonly SecretMatch[],
  from: number,
  to: number,
): RedactionResult {
  let out = '';
  let pos = from;
  const rules: string[] = [];
  let hits = 0;
  for (const span of spans) {
    if (span.secretEnd <= from || span.secretStart >= to) continue;
    out += text.slice(pos, Math.max(span.secretStart, from)) + `[REDACTED:${span.rule}]`;
    pos = Math.min(span.secretEnd, to);
    hits++;
    if (!rules.includes(span.rule)) rules.push(span.rule);
  }
  return { text: hits === 0 ? text.slice(from, to) : out + text.slice(pos, to), hits, rules };
}

function trimWhitespace(text: string, start: number, end: number): [number, number] {
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

export function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}
