// Whole-millisecond latencies counted per millisecond: millions of samples cost 240 KiB and merge by adding.
const BUCKETS = 60_001; // the last one holds everything from 60 s up

export class Histogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;
  private sum = 0;

  record(ms: number): void {
    const value = ms < 0 ? 0 : Math.round(ms);
    this.counts[Math.min(value, BUCKETS - 1)]!++;
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  // The smallest value at or below which p percent of the samples lie.
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms < BUCKETS; ms++) {
      seen += this.counts[ms]!;
      if (seen >= rank) return ms;
    }
    return this.max;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  // [ms, count] of the non-empty buckets, to send over IPC.
  toPairs(): Array<[number, number]> {
    const pairs: Array<[number, number]> = [];
    this.counts.forEach((count, ms) => count > 0 && pairs.push([ms, count]));
    return pairs;
  }

  // `max`: the exact largest sample, which the last bucket does not keep.
  static fromPairs(pairs: Array<[number, number]>, max = 0): Histogram {
    const histogram = new Histogram();
    histogram.max = max;
    for (const [ms, count] of pairs) {
      histogram.counts[ms] = count;
      histogram.count += count;
      histogram.sum += ms * count;
      histogram.max = Math.max(histogram.max, ms);
    }
    return histogram;
  }

  summary(): string {
    if (this.count === 0) return 'no samples';
    const ms = (value: number) => (value >= BUCKETS - 1 ? `>= ${BUCKETS - 1} ms` : `${value} ms`);
    return (
      `p50 ${ms(this.percentile(50))}, p95 ${ms(this.percentile(95))}, p99 ${ms(this.percentile(99))}, ` +
      `max ${this.max} ms`
    );
  }
}
