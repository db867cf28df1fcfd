export class ReadModelsRebuilt {
  constructor(
    readonly events: number,
    readonly sessions: number,
    readonly durationMs: number,
  ) {}
}
