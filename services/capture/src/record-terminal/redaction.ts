// What the recorder needs from secret redaction; the redact-secrets use case provides it (see redaction.adapter.ts).
export interface StreamRedactor {
  // Returns the text that is safe to publish now; may hold back a tail that could be the start of a secret.
  push(chunk: string): string;
  flush(): string;
}

export interface Redaction {
  redactText(text: string): string;
  createStream(): StreamRedactor;
}

// For tests that are not about redaction.
export const noRedaction: Redaction = {
  redactText: (text) => text,
  createStream: () => ({ push: (chunk) => chunk, flush: () => '' }),
};
