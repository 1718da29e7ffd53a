import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { conditionEvidenceDecider, conditionEvidenceStreamId } from '@registry/domain';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RecordContextService } from '../../record-context.service';
import { RecordConditionEvidenceCommand } from './record-condition-evidence.command';

/** Looks up the model's owner (only if the version exists), its certifiers and the equivalence's conditions. */
@CommandHandler(RecordConditionEvidenceCommand)
export class RecordConditionEvidenceHandler implements ICommandHandler<RecordConditionEvidenceCommand> {
  constructor(
    private readonly shell: CommandShell,
    private readonly context: RecordContextService,
  ) {}

  async execute({ data, metadata }: RecordConditionEvidenceCommand): Promise<AppendResult> {
    const [model, certifierIds, equivalenceConditionIds] = await Promise.all([
      this.context.model(data.modelId, data.version),
      this.context.certifierIds(data.modelId, data.version),
      this.context.equivalenceConditionIds(data.equivalenceId),
    ]);
    const ownerFirmId = model.versionDigest === null ? null : model.ownerFirmId;
    return this.shell.execute(
      conditionEvidenceStreamId(data.equivalenceId, data.modelId, data.version),
      conditionEvidenceDecider,
      { type: 'RecordConditionEvidence', data: { ...data, context: { ownerFirmId, certifierIds, equivalenceConditionIds } }, actor: metadata.actor, issuedAt: metadata.issuedAt },
      metadata,
    );
  }
}
