import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata, Decider, DomainEvent } from '@registry/kernel';
import { CommandShell } from '../../infrastructure/command-shell';
import { RecordContextService } from '../record-context.service';

/** A record use case's bus command: the input's data (its idempotency key is in the metadata) and who asks, when. */
export abstract class RecordCommand<D> extends Command<AppendResult> {
  constructor(
    readonly data: D,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** A domain command before it is stamped with the bus command's actor and time. */
type Unstamped<C> = C extends unknown ? Omit<C, 'actor' | 'issuedAt'> : never;

/**
 * Record deciders judge with facts from other streams (the model's owner, the version's certifiers), so unlike
 * a DeciderCommandHandler each record handler first looks up its `context`, then calls `decide`.
 */
@Injectable()
export abstract class RecordCommandHandler<T extends RecordCommand<unknown>> {
  constructor(
    private readonly shell: CommandShell,
    protected readonly context: RecordContextService,
  ) {}

  abstract execute(command: T): Promise<AppendResult>;

  protected decide<C extends { type: string; data: unknown }, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: Unstamped<C>,
    metadata: CommandMetadata,
  ): Promise<AppendResult> {
    return this.shell.execute(streamId, decider, { ...command, actor: metadata.actor, issuedAt: metadata.issuedAt } as unknown as C, metadata);
  }
}
