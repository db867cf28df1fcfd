import { Admin } from 'kafkajs';

// Kafka keeps no delivery count. Before handling a run of messages a member commits the run's first offset
// again, with metadata naming the run and its attempt; the position does not move, but whoever is given the
// partition after a crash reads the mark back and knows those messages were handed out before.
export interface HeldRun {
  from: bigint;
  to: bigint;
  attempt: number;
}

const MARK = /^backtrack held (\d+)-(\d+) attempt (\d+)$/;

export function describeHeldRun(run: HeldRun): string {
  return `backtrack held ${run.from}-${run.to} attempt ${run.attempt}`;
}

export function parseHeldRun(metadata: string | null | undefined): HeldRun | undefined {
  const match = metadata ? MARK.exec(metadata) : null;
  if (!match) return undefined;
  return { from: BigInt(match[1]!), to: BigInt(match[2]!), attempt: Number(match[3]) };
}

export function attemptOf(offset: bigint, previous: HeldRun | undefined): number {
  return previous && offset >= previous.from && offset <= previous.to ? previous.attempt + 1 : 1;
}

// The mark for a new run; a run left by a crashed member stays marked past this run's end.
export function nextHeldRun(
  from: bigint,
  to: bigint,
  attempt: number,
  previous: HeldRun | undefined,
): HeldRun {
  const stillHeld = previous && from >= previous.from && from <= previous.to && previous.to > to;
  return { from, to: stillHeld ? previous.to : to, attempt };
}

// The marks as the group's committed offsets stood when this member was given its partitions; read once per
// generation, because only a rebalance can hand a member messages someone else held.
export class HeldRunsAtJoin {
  private marks?: Promise<Map<number, HeldRun>>;

  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topic: string,
  ) {}

  forget(): void {
    this.marks = undefined;
  }

  async of(partition: number): Promise<HeldRun | undefined> {
    this.marks ??= this.read().catch((error: unknown) => {
      this.marks = undefined;
      throw error;
    });
    return (await this.marks).get(partition);
  }

  private async read(): Promise<Map<number, HeldRun>> {
    const [offsets] = await this.admin.fetchOffsets({
      groupId: this.groupId,
      topics: [this.topic],
    });
    const marks = new Map<number, HeldRun>();
    for (const { partition, offset, metadata } of offsets?.partitions ?? []) {
      const run = parseHeldRun(metadata);
      // A mark counts only while the committed position is still inside the run it names.
      if (run && BigInt(offset) >= run.from && BigInt(offset) <= run.to) marks.set(partition, run);
    }
    return marks;
  }
}
