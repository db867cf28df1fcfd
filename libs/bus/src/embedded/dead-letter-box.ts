import { DeadLetter, DeadLetterHandler, Subscription } from '../port';

// The embedded bus's dead-letter destinations: letters go to the group's handlers, or wait in memory for the first.
export class DeadLetterBox {
  private readonly kept = new Map<string, DeadLetter[]>();
  private readonly handlers = new Map<string, Set<DeadLetterHandler>>();

  async subscribe(group: string, handler: DeadLetterHandler): Promise<Subscription> {
    const handlers = this.handlers.get(group) ?? new Set();
    this.handlers.set(group, handlers);
    handlers.add(handler);
    for (const letter of this.kept.get(group) ?? []) await handler(letter);
    this.kept.set(group, []);
    const stop = async () => void handlers.delete(handler);
    return { pending: () => 0, close: stop, abort: stop };
  }

  // Resolves to why a handler did not take the letter (it is then kept for the next one), else undefined.
  async post(letter: DeadLetter): Promise<string | undefined> {
    const handlers = [...(this.handlers.get(letter.group) ?? [])];
    try {
      for (const handler of handlers) await handler(letter);
    } catch (error) {
      this.keep(letter);
      return (error as Error).message;
    }
    if (handlers.length === 0) this.keep(letter);
    return undefined;
  }

  private keep(letter: DeadLetter): void {
    this.kept.set(letter.group, [...(this.kept.get(letter.group) ?? []), letter]);
  }
}
