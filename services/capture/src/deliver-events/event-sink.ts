// Where recorded batches go: the gateway over HTTP, or a broker directly.
export interface EventSink {
  // Shown to the user: where the session can be watched.
  readonly description: string;
  // Resolves once the sink has the batch (gateway 202, broker confirm); rejects otherwise.
  deliver(sessionId: string, body: Buffer): Promise<void>;
  close(): Promise<void>;
}
