import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { ProposeEquivalence } from '@registry/domain';

/** The proposal as the decider takes it, minus the `context` the handler looks up. */
export type ProposalData = Omit<ProposeEquivalence['data'], 'context'>;

export class ProposeEquivalenceCommand extends Command<AppendResult> {
  constructor(
    readonly data: ProposalData,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}
