export class BatchProjected {
  constructor(
    readonly sessionId: string,
    // Events stored and applied to the read models by this batch.
    readonly appended: number,
    // Events already stored with the same id: a redelivery, silently skipped.
    readonly duplicates: number,
    readonly deadLettered: number,
  ) {}
}
