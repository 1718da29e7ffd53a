import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { isRegistryError } from '@registry/kernel';
import { comparePositions, EventStore, formatPosition, LogPosition, RecordedEvent } from '@registry/event-store';
import { LogBatch, LogTail } from './log-tail';

/**
 * What one subscription does with the log. `init` runs once before anything else (a baseline to compare
 * against); `onEvents` turns a contiguous run of new events into notifications; `onTime` re-judges when an
 * instant returned by `nextChangeAt` has passed. A handler that throws changes nothing: the same events are
 * offered again after a pause.
 */
export interface LogHandler<T> {
  init?(position: LogPosition): Promise<readonly T[]>;
  onEvents(events: readonly RecordedEvent[], position: LogPosition): Promise<readonly T[]>;
  onTime?(position: LogPosition): Promise<readonly T[]>;
  /** Epoch ms of the next instant at which the answer may change with no event; undefined: none. */
  nextChangeAt?(): number | undefined;
}

const STORE_PAGE = 200;
/** Batches kept for a subscriber that is busy; past it they are dropped and read back from the store. */
const MAX_INBOX = 64;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;
/** setTimeout's longest delay; later instants are reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Timers may fire a hair early; the judge must see the instant passed. */
const TIMER_MARGIN_MS = 5;

const logger = new Logger('Subscriptions');

/**
 * One subscriber's view of the log, as an async iterator of notifications (what graphql-js expects from a
 * subscription resolver). It keeps a cursor: the position up to which every event has been handled, and
 * handles an event only if it is after the cursor and everything between was handled. Batches from the
 * shared LogTail are used when they start at or before the cursor; otherwise (a resumption from an older
 * position, batches dropped while busy, a failure) the gap is read from the store first. So the events
 * handled are exactly the log after the starting position, in order, each once, whatever the timing.
 */
export class LogSubscription<T> implements AsyncIterableIterator<T> {
  private cursor: LogPosition;
  private readonly inbox: LogBatch[] = [];
  private readonly ready: T[] = [];
  private readonly waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }[] = [];
  private failure: unknown;
  private closed = false;
  private initialised = false;
  private running = false;
  private timeDue = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private changeTimer: NodeJS.Timeout | undefined;
  private readonly stopFollowing: () => void;

  constructor(
    tail: LogTail,
    private readonly store: EventStore,
    private readonly handler: LogHandler<T>,
    private readonly options: { after?: LogPosition; maxQueued: number; onClose?: () => void },
  ) {
    const { from, stop } = tail.follow((batch) => this.take(batch));
    this.stopFollowing = stop;
    this.cursor = options.after ?? from;
    // A resumption from behind the tail: read the gap from the store (a batch with no events up to `from`).
    if (comparePositions(this.cursor, from) < 0) this.inbox.push({ from, to: from, events: [] });
    this.schedule();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.ready.length > 0) return Promise.resolve({ value: this.ready.shift()!, done: false });
    if (this.failure) {
      const failure: unknown = this.failure;
      this.failure = undefined;
      this.close();
      return Promise.reject(failure);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    return Promise.reject(error);
  }

  /** The position every event has been handled up to (for tests). */
  get position(): LogPosition {
    return this.cursor;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowing();
    clearTimeout(this.retryTimer);
    clearTimeout(this.changeTimer);
    this.inbox.length = 0;
    for (const w of this.waiting.splice(0)) w.resolve({ value: undefined, done: true });
    this.options.onClose?.();
  }

  private take(batch: LogBatch): void {
    if (this.closed) return;
    this.inbox.push(batch);
    if (this.inbox.length > MAX_INBOX) {
      // Busy for long: keep only where the log has reached; the gap is read back from the store.
      const last = this.inbox[this.inbox.length - 1].to;
      this.inbox.splice(0, this.inbox.length, { from: last, to: last, events: [] });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.running || this.closed) return;
    this.running = true;
    void this.pump().finally(() => {
      this.running = false;
      // Something may have arrived between the last check and now.
      if (!this.closed && !this.retryTimer && (this.inbox.length > 0 || this.timeDue)) this.schedule();
    });
  }

  private async pump(): Promise<void> {
    try {
      if (!this.initialised) {
        const first = (await this.handler.init?.(this.cursor)) ?? [];
        this.initialised = true;
        this.emit(first);
        this.armTimer();
      }
      while (!this.closed) {
        const batch = this.inbox[0];
        if (batch) {
          if (comparePositions(batch.from, this.cursor) > 0) await this.readStoreUpTo(batch.from);
          const fresh = batch.events.filter((e) => comparePositions(e.position, this.cursor) > 0);
          if (fresh.length > 0) await this.deliver(fresh);
          this.inbox.shift();
        } else if (this.timeDue) {
          this.timeDue = false;
          this.emit((await this.handler.onTime?.(this.cursor)) ?? []);
          this.armTimer();
        } else break;
      }
      this.retryMs = FIRST_RETRY_MS;
    } catch (error) {
      if (error instanceof GraphQLError) return this.fail(error);
      // A refusal (e.g. a position the log never had) will not go away by retrying.
      if (isRegistryError(error) && error.category !== 'INTERNAL')
        return this.fail(new GraphQLError(error.message, { extensions: { code: error.category, reason: error.code } }));
      // The cursor did not move: the same events are offered again. A database outage must not end the subscription.
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      logger.warn(`a subscription could not read or judge after ${formatPosition(this.cursor)} (${reason}); retrying in ${this.retryMs} ms`);
      const delay = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.schedule();
      }, delay);
    }
  }

  /** Reads the log from the cursor until it reaches `target` (a position the tail has already seen). */
  private async readStoreUpTo(target: LogPosition): Promise<void> {
    while (comparePositions(this.cursor, target) < 0 && !this.closed) {
      const page = await this.store.readAll({ after: this.cursor, limit: STORE_PAGE });
      if (page.length === 0) throw new Error(`log position ${formatPosition(target)} is not readable yet`);
      await this.deliver(page);
    }
  }

  private async deliver(events: readonly RecordedEvent[]): Promise<void> {
    const position = events[events.length - 1].position;
    const out = await this.handler.onEvents(events, position);
    if (this.closed) return;
    this.cursor = position;
    this.emit(out);
    this.armTimer();
  }

  private emit(values: readonly T[]): void {
    for (const value of values) {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve({ value, done: false });
      else this.ready.push(value);
    }
    if (this.ready.length > this.options.maxQueued)
      this.fail(
        new GraphQLError(
          `More than ${this.options.maxQueued} notifications were waiting to be read; subscribe again with after: "${formatPosition(this.cursor)}" to resume.`,
          {
            extensions: { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION.CONSUMER_TOO_SLOW', resumeAfter: formatPosition(this.cursor) },
          },
        ),
      );
  }

  /**
   * Ends the subscription with an error once the notifications already queued have been read: they cover every
   * event up to the cursor, so resuming after it loses nothing.
   */
  private fail(error: GraphQLError): void {
    this.stopFollowing();
    clearTimeout(this.changeTimer);
    this.inbox.length = 0;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.reject(error);
      this.close();
    } else this.failure = error;
  }

  private armTimer(): void {
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    const at = this.handler.nextChangeAt?.();
    if (at === undefined || this.closed) return;
    const delay = Math.min(Math.max(0, at - Date.now()) + TIMER_MARGIN_MS, MAX_TIMER_MS);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (Date.now() < at) return this.armTimer();
      this.timeDue = true;
      this.schedule();
    }, delay);
  }
}
