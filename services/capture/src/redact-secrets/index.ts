export { DEFAULT_RULES, DEFAULT_RULE_NAMES } from './default-rules';
export {
  loadRedactionRules,
  redactionConfigPath,
  type RedactionConfig,
} from './load-redaction-rules';
export type { RedactionRule, UserPattern } from './redaction-rule';
export {
  createRedactor,
  type RedactionResult,
  type Redactor,
  type RedactorOptions,
  type SecretMatch,
  type SecretScan,
} from './redactor';
export {
  createStreamRedactor,
  type StreamRedactor,
  type StreamRedactorOptions,
} from './stream-redactor';
