import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppendResult, EVENT_STORE, EventStore, idempotencyKeyReused } from '@registry/event-store';
import { CommandMetadata, Decider, DomainEvent, fold, RegistryError } from '@registry/kernel';
import { ProjectionRunner } from '@registry/projections';

const MAX_ATTEMPTS = 4;

/**
 * The one imperative shell around the pure deciders: load the stream, fold it, decide, append with the
 * version we read; on a concurrent write, reload and decide again; then wait until the read models have
 * applied the new events, so the mutation can answer with its own write.
 */
@Injectable()
export class CommandShell {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute<C extends { type: string; data: unknown }, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    metadata: CommandMetadata,
  ): Promise<AppendResult> {
    const fingerprint = commandFingerprint(streamId, command, metadata);
    const key = metadata.idempotencyKey;
    if (key) {
      const previous = await this.store.findIdempotentAppend(key);
      if (previous) {
        if (previous.fingerprint !== fingerprint) throw idempotencyKeyReused(key);
        await this.projections.waitFor(previous.result.position);
        return previous.result;
      }
    }
    for (let attempt = 1; ; attempt++) {
      const { version, events } = await this.store.readStream(streamId);
      const state = fold(decider, events.map((e) => ({ type: e.type, data: e.data }) as E));
      const decided = decider.decide(command, state);
      try {
        const result = await this.store.appendToStream(
          streamId,
          decided.map((e) => ({ type: e.type, data: e.data })),
          { expectedVersion: version, metadata, fingerprint },
        );
        await this.projections.waitFor(result.position);
        return result;
      } catch (error) {
        const raced = error instanceof RegistryError && error.code === 'EVENT_STORE.WRONG_EXPECTED_VERSION';
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}

/** What an idempotency key stands for: the command and who sent it, not when. */
const commandFingerprint = (streamId: string, command: { type: string; data: unknown }, metadata: CommandMetadata) =>
  createHash('sha256').update(JSON.stringify([streamId, command.type, command.data, metadata.actor.subject])).digest('hex');
