import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backtrackHome } from '../config/cli-config';
import { createRedactor, type RedactorOptions } from './redactor';
import type { UserPattern } from './redaction-rule';

export interface RedactionConfig extends RedactorOptions {
  disable: string[];
  extraPatterns: UserPattern[];
}

const TOP_LEVEL_KEYS = ['disable', 'rules'];
const RULE_KEYS = ['name', 'pattern', 'flags', 'keywords'];

export function redactionConfigPath(): string {
  return join(backtrackHome(), 'redaction.json');
}

// A missing file means the defaults. Anything wrong in it is an error naming the file (and the rule): a typo must
// never silently switch redaction off.
export function loadRedactionRules(path: string = redactionConfigPath()): RedactionConfig {
  if (!existsSync(path)) return { disable: [], extraPatterns: [] };
  try {
    const config = parseConfig(parseJson(readFileSync(path, 'utf8')));
    createRedactor(config); // compiles every rule, so a bad one fails here rather than mid-recording
    return config;
  } catch (error) {
    throw new Error(`Invalid redaction config ${path}: ${(error as Error).message}`);
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
}

function parseConfig(json: unknown): RedactionConfig {
  const root = asObject(
    json,
    'the file must hold an object like {"disable": ["jwt"], "rules": []}',
  );
  rejectUnknownKeys(root, TOP_LEVEL_KEYS, 'top level');
  const disable = stringList(root['disable'] ?? [], '"disable" must be a list of rule names');
  const rules = root['rules'] ?? [];
  if (!Array.isArray(rules))
    throw new Error('"rules" must be a list of {"name", "pattern"} objects');
  return { disable, extraPatterns: rules.map(parseRule) };
}

function parseRule(json: unknown, index: number): UserPattern {
  const rule = asObject(json, `rules[${index}] must be an object with "name" and "pattern"`);
  const name = rule['name'];
  if (typeof name !== 'string' || name === '')
    throw new Error(`rules[${index}] needs a "name" string`);
  rejectUnknownKeys(rule, RULE_KEYS, `rule "${name}"`);
  const { pattern, flags } = rule;
  if (typeof pattern !== 'string' || pattern === '')
    throw new Error(`rule "${name}" needs a "pattern" string`);
  if (flags !== undefined && (typeof flags !== 'string' || !/^[imsu]*$/.test(flags))) {
    throw new Error(
      `rule "${name}" has invalid "flags" ${JSON.stringify(flags)}: use any of i, m, s, u`,
    );
  }
  try {
    new RegExp(pattern, flags ?? '');
  } catch (error) {
    throw new Error(
      `rule "${name}" has an invalid pattern ${JSON.stringify(pattern)}: ${(error as Error).message}`,
    );
  }
  const parsed: UserPattern = { name, pattern, ...(flags ? { flags } : {}) };
  if (rule['keywords'] !== undefined) {
    parsed.keywords = stringList(
      rule['keywords'],
      `rule "${name}": "keywords" must be a list of strings`,
    );
  }
  return parsed;
}

function asObject(json: unknown, message: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(message);
  return json as Record<string, unknown>;
}

function stringList(json: unknown, message: string): string[] {
  if (!Array.isArray(json) || !json.every((item) => typeof item === 'string'))
    throw new Error(message);
  return json;
}

function rejectUnknownKeys(object: Record<string, unknown>, known: string[], where: string): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown)
    throw new Error(`unknown key "${unknown}" at ${where} (expected ${known.join(', ')})`);
}
