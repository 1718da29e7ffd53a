import { CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { RecordCommandHandler } from '../record-command';
import { RecordConditionEvidenceCommand } from './record-condition-evidence.command';

/** Looks up the model's owner (only if the version exists), its certifiers and the equivalence's conditions. */
@CommandHandler(RecordConditionEvidenceCommand)
export class RecordConditionEvidenceHandler extends RecordCommandHandler<RecordConditionEvidenceCommand> {
  async execute({ data, metadata }: RecordConditionEvidenceCommand): Promise<AppendResult> {
    return this.decide(
      conditionEvidenceStreamId(data.equivalenceId, data.modelId, data.version),
      conditionEvidenceDecider,
      { type: 'RecordConditionEvidence', data },
      (read) => this.context.evidence(data.equivalenceId, data.modelId, data.version, read),
      metadata,
    );
  }
}
