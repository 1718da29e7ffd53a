import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { EVENT_STORE, EVENTS_NOTIFY_CHANNEL, formatPosition, LOG_START, LogPosition, RecordedEvent, EventStore } from '@registry/event-store';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { SUBSCRIPTIONS_CONFIG, SubscriptionsConfig } from './subscriptions.config';

/** A contiguous stretch of the log: every event after `from` up to and including `to`, in log order. */
export interface LogBatch {
  readonly from: LogPosition;
  readonly to: LogPosition;
  readonly events: readonly RecordedEvent[];
}

const PAGE = 500;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 30_000;
/** After a wake-up that found nothing visible yet (an older transaction still open), look again this soon. */
const EAGER_START_MS = 20;

/**
 * Follows the global log for this instance's subscriptions: one reader, however many subscribers, each told of
 * every batch in log order. It is woken by PostgreSQL NOTIFY (a trigger on es_events announces every
 * committed append, from any instance) on a dedicated connection, or by the store's own `onAppended` (PGlite,
 * where this process is the only writer), and otherwise reads every `pollIntervalMs`. Only
 * `readAll` decides what is delivered, so a notification is a hint: a lost or early one costs latency, never
 * an event. Database failures are logged and retried with backoff; stopping ends the loop, its timers and the
 * listening connection.
 */
@Injectable()
export class LogTail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogTail');
  private readonly listeners = new Set<(batch: LogBatch) => void>();
  private position: LogPosition = LOG_START;
  private started = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private eagerMs = 0;
  private unsubscribeLocal: (() => void) | undefined;
  private listener: Client | undefined;
  private listenerRetryMs = FIRST_RETRY_MS;
  private listenerTimer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(SUBSCRIPTIONS_CONFIG) private readonly limits: SubscriptionsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.position = await this.store.headPosition();
    this.started = true;
    this.unsubscribeLocal = this.store.onAppended(() => this.wake());
    if (this.config.store.kind === 'postgres') void this.listen();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribeLocal?.();
    clearTimeout(this.listenerTimer);
    this.wake();
    await this.loop;
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
    this.listeners.clear();
  }

  /** The position every batch handed out so far reaches: a new subscriber starting "now" starts here. */
  get head(): LogPosition {
    return this.position;
  }

  get isStarted(): boolean {
    return this.started && !this.stopping;
  }

  /** Whether the last read failed, and why (for health reporting and tests). */
  get failure(): string | undefined {
    return this.lastError;
  }

  /**
   * Registers a subscriber and tells it where the batches it will receive start: the first one's `from`
   * equals that position. Both happen in the same tick, so nothing falls between.
   */
  follow(listener: (batch: LogBatch) => void): { from: LogPosition; stop: () => void } {
    this.listeners.add(listener);
    return { from: this.position, stop: () => this.listeners.delete(listener) };
  }

  /** Asks for a read now (an append was announced). */
  wake(): void {
    this.woken = true;
    this.eagerMs = EAGER_START_MS;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    while (!this.stopping) {
      let delay: number;
      try {
        this.woken = false;
        const events = await this.store.readAll({ after: this.position, limit: PAGE });
        if (this.lastError) this.logger.log(`reading the log again from ${formatPosition(this.position)}`);
        this.lastError = undefined;
        retryMs = FIRST_RETRY_MS;
        if (events.length > 0) {
          const batch: LogBatch = { from: this.position, to: events[events.length - 1].position, events };
          this.position = batch.to;
          this.publish(batch);
          // A full page: more is waiting. Otherwise an older transaction may still hold later commits back.
          if (events.length === PAGE) continue;
          this.eagerMs = EAGER_START_MS;
        }
        if (this.woken) continue;
        if (this.eagerMs > 0 && this.eagerMs < this.limits.pollIntervalMs) {
          delay = this.eagerMs;
          this.eagerMs *= 2;
        } else {
          this.eagerMs = 0;
          delay = this.limits.pollIntervalMs;
        }
      } catch (error) {
        const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message;
        this.lastError = reason;
        this.logger.warn(`reading the log after ${formatPosition(this.position)} failed (${reason}); retrying in ${retryMs} ms`);
        delay = retryMs;
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
      await this.sleep(delay);
    }
  }

  private publish(batch: LogBatch): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(batch);
      } catch (error) {
        this.logger.error(`a subscriber failed to take a batch: ${(error as Error).message}`);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || this.woken) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeUp = undefined;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** A dedicated connection (a pooled one could be handed back and lose its LISTEN), reopened with backoff. */
  private async listen(): Promise<void> {
    if (this.stopping || this.config.store.kind !== 'postgres') return;
    const client = new Client({ connectionString: this.config.store.url });
    const reopen = (error?: Error) => {
      if (this.listener !== client || this.stopping) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      this.logger.warn(
        `the LISTEN connection was lost (${(error as { code?: string })?.code ?? error?.message ?? 'ended'}); reconnecting in ${this.listenerRetryMs} ms, polling meanwhile`,
      );
      this.scheduleListen();
    };
    this.listener = client;
    client.on('error', reopen);
    client.on('end', () => reopen());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
      this.listenerRetryMs = FIRST_RETRY_MS;
      // Whatever was announced while no one listened is read now.
      this.wake();
    } catch (error) {
      reopen(error as Error);
    }
  }

  private scheduleListen(): void {
    const delay = this.listenerRetryMs;
    this.listenerRetryMs = Math.min(this.listenerRetryMs * 2, MAX_RETRY_MS);
    this.listenerTimer = setTimeout(() => void this.listen(), delay);
  }
}
