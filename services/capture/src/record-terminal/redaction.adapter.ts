import { createRedactor, createStreamRedactor, loadRedactionRules } from '../redact-secrets';
import { Redaction } from './redaction';

// The default rules plus the user's ~/.backtrack/redaction.json.
export function createRedaction(): Redaction {
  const redactor = createRedactor(loadRedactionRules());
  return {
    redactText: (text) => redactor.redact(text).text,
    createStream: () => createStreamRedactor(redactor),
  };
}
