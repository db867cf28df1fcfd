import type { CompiledRule } from './redaction-rule';

// V8 skips through text fast for an alternation of literals only while all of them are long, so short keywords
// (`eyJ`, `sk-`) get a group of their own; one regex per group (measured by bench/redact.bench.ts).
const SHORT_KEYWORD = 4;
const MAX_CACHED_PATTERNS = 64;

interface KeywordGroup {
  keywords: string[];
  ignoreCase: boolean;
  rulesByKeyword: Map<string, CompiledRule[]>;
  // One regex per set of keywords still worth looking for, built on first use.
  patterns: Map<string, RegExp>;
}

export type RulesToRun = (text: string) => CompiledRule[];

// Runs each keyword group over the text once and returns the rules whose keywords occur, plus rules without keywords.
export function createKeywordPrefilter(rules: CompiledRule[]): RulesToRun {
  const alwaysRun = rules.filter((r) => r.keywords.length === 0);
  const groups = [...buildGroups(rules, false), ...buildGroups(rules, true)];
  return (text) => {
    const triggered = new Set<CompiledRule>(alwaysRun);
    for (const group of groups) collectTriggered(group, text, triggered);
    return [...triggered].sort((a, b) => a.order - b.order);
  };
}

// Once a keyword's rules are triggered, the search goes on without it: a common one (`sk-` in `task-runner`) would
// otherwise be matched all over the text.
function collectTriggered(group: KeywordGroup, text: string, triggered: Set<CompiledRule>): void {
  let wanted = group.keywords;
  let from = 0;
  while (wanted.length > 0) {
    const pattern = patternFor(group, wanted);
    pattern.lastIndex = from;
    const hit = pattern.exec(text);
    if (hit === null) return;
    const keyword = group.ignoreCase ? hit[0].toLowerCase() : hit[0];
    for (const rule of group.rulesByKeyword.get(keyword) ?? []) triggered.add(rule);
    wanted = wanted.filter((k) =>
      group.rulesByKeyword.get(k)!.some((rule) => !triggered.has(rule)),
    );
    from = hit.index + 1;
  }
}

function patternFor(group: KeywordGroup, keywords: string[]): RegExp {
  const key = keywords.join('\0');
  let pattern = group.patterns.get(key);
  if (!pattern) {
    if (group.patterns.size >= MAX_CACHED_PATTERNS) group.patterns.clear();
    const longestFirst = [...keywords].sort((a, b) => b.length - a.length);
    pattern = new RegExp(longestFirst.map(escapeRegExp).join('|'), group.ignoreCase ? 'gi' : 'g');
    group.patterns.set(key, pattern);
  }
  return pattern;
}

function buildGroups(rules: CompiledRule[], ignoreCase: boolean): KeywordGroup[] {
  const rulesByKeyword = new Map<string, Set<CompiledRule>>();
  for (const rule of rules.filter((r) => r.ignoreCase === ignoreCase)) {
    for (const raw of rule.keywords) {
      const keyword = ignoreCase ? raw.toLowerCase() : raw;
      rulesByKeyword.set(keyword, (rulesByKeyword.get(keyword) ?? new Set()).add(rule));
    }
  }
  const keywords = [...rulesByKeyword.keys()];
  return [
    keywords.filter((k) => k.length < SHORT_KEYWORD),
    keywords.filter((k) => k.length >= SHORT_KEYWORD),
  ]
    .filter((group) => group.length > 0)
    .map((group) => buildGroup(group, keywords, rulesByKeyword, ignoreCase));
}

// A hit on a keyword also triggers the rules of every shorter keyword it starts with (`sk-ant-` is also `sk-`).
function buildGroup(
  keywords: string[],
  allKeywords: string[],
  rulesByKeyword: Map<string, Set<CompiledRule>>,
  ignoreCase: boolean,
): KeywordGroup {
  const groupRules = new Map<string, CompiledRule[]>();
  for (const keyword of keywords) {
    const rules = allKeywords
      .filter((k) => keyword.startsWith(k))
      .flatMap((k) => [...rulesByKeyword.get(k)!]);
    groupRules.set(keyword, [...new Set(rules)]);
  }
  return { keywords, ignoreCase, rulesByKeyword: groupRules, patterns: new Map() };
}

export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
