import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata, Decider, DomainEvent } from '@registry/kernel';
import { StreamReader } from '../../infrastructure/aggregate-reader';
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

/**
 * Record deciders judge with facts from other streams (the model's owner, the version's certifiers), so unlike
 * a DeciderCommandHandler each record handler names how to look up its `context`. The look-up runs for each
 * decision through the shell's reader: the streams it reads are conditions of the append (an ownership or a
 * digest that changed meanwhile makes the shell decide again).
 */
@Injectable()
export abstract class RecordCommandHandler<T extends RecordCommand<unknown>> {
  constructor(
    private readonly shell: CommandShell,
    protected readonly context: RecordContextService,
  ) {}

  abstract execute(command: T): Promise<AppendResult>;

  /** The context of a decision that only needs the model's owner. */
  protected async owner(modelId: string, read: StreamReader): Promise<{ ownerFirmId: string | null }> {
    const { ownerFirmId } = await this.context.model(modelId, undefined, read);
    return { ownerFirmId };
  }

  protected decide<C extends { type: string; data: unknown }, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    request: { type: C['type']; data: object },
    lookUp: (read: StreamReader) => Promise<object>,
    metadata: CommandMetadata,
  ): Promise<AppendResult> {
    return this.shell.execute(
      streamId,
      decider,
      {
        request,
        // The decider's own command type checks the data; the union cannot be narrowed from a generic `type`.
        build: async ({ issuedAt, read }) => ({ type: request.type, data: { ...request.data, context: await lookUp(read) }, actor: metadata.actor, issuedAt }) as unknown as C,
      },
      metadata,
    );
  }
}
