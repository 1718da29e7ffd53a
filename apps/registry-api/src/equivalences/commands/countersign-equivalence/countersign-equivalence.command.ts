import { CommandMetadata } from '@registry/kernel';
import { EquivalenceCommand, equivalenceDecider, EquivalenceEvent, EquivalenceState, equivalenceStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class CountersignEquivalenceCommand extends DeciderCommand<EquivalenceCommand, EquivalenceEvent, EquivalenceState> {
  constructor(data: { equivalenceId: string }, metadata: CommandMetadata) {
    super(equivalenceStreamId(data.equivalenceId), equivalenceDecider, { type: 'CountersignEquivalence', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
