import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { WithdrawConditionEvidenceCommand } from './withdraw-condition-evidence.command';

/**
 * The same look-up as for recording: whoever may record evidence for the version (its owner, its certifiers)
 * may withdraw it, and the registrar too (the decider checks which).
 */
@CommandHandler(WithdrawConditionEvidenceCommand)
export class WithdrawConditionEvidenceHandler extends RecordCommandHandler<WithdrawConditionEvidenceCommand> {
  async execute({ data, metadata }: WithdrawConditionEvidenceCommand): Promise<AppendResult> {
    return this.decide(
      conditionEvidenceStreamId(data.equivalenceId, data.modelId, data.version),
      conditionEvidenceDecider,
      { type: 'WithdrawConditionEvidence', data },
      (read) => this.context.evidence(data.equivalenceId, data.modelId, data.version, read),
      metadata,
    );
  }
}
