/** What every benchmarked store implements: the same workload, driven identically. */
export interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface BenchTarget {
  readonly name: string;
  /** Appends events to one stream, checking the expected version (0 = new stream, n = has n events). Throws on mismatch. */
  append(streamId: string, events: BenchEvent[], expectedVersion: number): Promise<void>;
  /** Reads the whole global log in order, in pages of `batchSize`; returns how many events it read. */
  readAll(batchSize: number): Promise<number>;
  close(): Promise<void>;
}
