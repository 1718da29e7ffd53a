import { CommandMetadata } from '@registry/kernel';
import { EquivalenceCommand, equivalenceDecider, EquivalenceEvent, EquivalenceState, equivalenceStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';

export class WithdrawEquivalenceCommand extends DeciderCommand<EquivalenceCommand, EquivalenceEvent, EquivalenceState> {
  constructor(data: { equivalenceId: string; reason: string }, metadata: CommandMetadata) {
    super(equivalenceStreamId(data.equivalenceId), equivalenceDecider, { type: 'WithdrawEquivalence', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
