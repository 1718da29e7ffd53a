import { Injectable } from '@nestjs/common';
import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata, Decider, DomainEvent } from '@registry/kernel';
import { CommandShell } from './command-shell';

/**
 * A bus command that already knows which stream it addresses and which decider judges it. Each use case
 * declares one (`register-firm.command.ts`) and a one-line handler extending DeciderCommandHandler.
 */
export abstract class DeciderCommand<C extends { type: string; data: unknown }, E extends DomainEvent, S> extends Command<AppendResult> {
  protected constructor(
    readonly streamId: string,
    readonly decider: Decider<C, E, S>,
    readonly command: C,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Runs any DeciderCommand through the shell. (It cannot `implements ICommandHandler<T>`: that is a conditional type.) */
@Injectable()
export abstract class DeciderCommandHandler<T extends DeciderCommand<any, any, any>> {
  constructor(private readonly shell: CommandShell) {}

  execute({ streamId, decider, command, metadata }: T): Promise<AppendResult> {
    return this.shell.execute(streamId, decider, command, metadata);
  }
}
