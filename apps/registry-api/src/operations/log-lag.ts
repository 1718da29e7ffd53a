import { Inject, Injectable } from '@nestjs/common';
import { comparePositions, EVENT_STORE, EventStore, formatPosition, LogPosition } from '@registry/event-store';
import { ProjectionRunner } from '@registry/projections';

export interface ProjectionLag {
  readonly name: string;
  readonly position: LogPosition;
  /**
   * Events between the projection and the head, counted by sequence number: an upper bound (a rolled-back
   * append uses numbers and writes nothing), exact in the common case, and never 0 while the projection is behind.
   */
  readonly events: number;
  /** Age of the oldest event the projection has not applied yet (0 when caught up). */
  readonly seconds: number;
}

export interface LogLagSample {
  readonly at: number;
  /** Undefined when the store did not answer (`storeError` says why). */
  readonly head?: LogPosition;
  readonly projections: readonly ProjectionLag[];
  readonly storeError?: string;
  /** How long the head query took (ms). */
  readonly storeLatencyMs: number;
}

/** A probe and a scrape arriving together, or a scrape storm, share one sample taken this recently. */
const FRESH_MS = 1000;
/** A store that does not answer within this is reported as down, not waited on (probes time out at ~1-5 s). */
export const STORE_TIMEOUT_MS = 2000;

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });

/** What an operator may see of a store failure: its code or class, never a message that could quote SQL values. */
const describeFailure = (error: unknown): string => {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(e.code)) return e.code;
  if (typeof e?.message === 'string' && e.message.startsWith('no answer within')) return e.message;
  return typeof e?.name === 'string' && /^[A-Za-z0-9_]{1,60}$/.test(e.name) ? e.name : 'Error';
};

/**
 * How far the read models are behind the log: the head from the store (one indexed query, which is also the
 * readiness check that the store answers), each projection's position from the runner (memory), and, only
 * for a projection that is behind, the time of the first event it has not applied (one indexed query).
 * Shared by /health/ready and /metrics and cached for a second, so neither can be made to load the database.
 */
@Injectable()
export class LogLag {
  private last: LogLagSample | undefined;
  private inFlight: Promise<LogLagSample> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  sample(now: () => number = Date.now): Promise<LogLagSample> {
    if (this.last && now() - this.last.at < FRESH_MS) return Promise.resolve(this.last);
    this.inFlight ??= this.take(now).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The last sample taken, if any, without touching the store (for a scrape while the store hangs). */
  latest(): LogLagSample | undefined {
    return this.last;
  }

  private async take(now: () => number): Promise<LogLagSample> {
    const started = now();
    const positions = this.runner.positions();
    let head: LogPosition | undefined;
    let storeError: string | undefined;
    try {
      head = await withTimeout(this.store.headPosition(), STORE_TIMEOUT_MS);
    } catch (error) {
      storeError = describeFailure(error);
    }
    const storeLatencyMs = now() - started;
    const projections: ProjectionLag[] = [];
    for (const [name, position] of positions) {
      const behind = head !== undefined && comparePositions(position, head) < 0;
      if (!behind) {
        projections.push({ name, position, events: 0, seconds: 0 });
        continue;
      }
      const events = Math.max(1, Number(head!.globalPosition - position.globalPosition));
      let seconds = 0;
      try {
        const [next] = await withTimeout(this.store.readAll({ after: position, limit: 1 }), STORE_TIMEOUT_MS);
        if (next) seconds = Math.max(0, (now() - next.recordedAt.getTime()) / 1000);
      } catch (error) {
        storeError ??= describeFailure(error);
      }
      projections.push({ name, position, events, seconds });
    }
    this.last = { at: now(), head, projections, storeError, storeLatencyMs };
    return this.last;
  }
}

export const describePosition = (p: LogPosition | undefined): string | null => (p ? formatPosition(p) : null);
