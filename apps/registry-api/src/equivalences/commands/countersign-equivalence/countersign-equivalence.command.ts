import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';

/** The countersignature as sent; the handler verifies the JWS and hands the decider its verification. */
export class CountersignEquivalenceCommand extends Command<AppendResult> {
  constructor(
    readonly data: { equivalenceId: string; jws: string },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
