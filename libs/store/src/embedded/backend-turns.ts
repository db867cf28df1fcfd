// PGlite is one Postgres backend. A connection holds it from its first message until the backend is idle outside a
// transaction again (like a pooler in transaction mode), so no connection ever runs inside another's unfinished
// extended-query sequence or transaction. The others wait in arrival order.
export class BackendTurns {
  private holder: object | undefined;
  private readonly waiting: Array<{ who: object; start: () => void }> = [];

  take(who: object): Promise<void> {
    if (this.holder === undefined || this.holder === who) {
      this.holder = who;
      return Promise.resolve();
    }
    return new Promise((start) => this.waiting.push({ who, start }));
  }

  holds(who: object): boolean {
    return this.holder === who;
  }

  give(who: object): void {
    if (this.holder !== who) return;
    const next = this.waiting.shift();
    this.holder = next?.who;
    next?.start();
  }
}
