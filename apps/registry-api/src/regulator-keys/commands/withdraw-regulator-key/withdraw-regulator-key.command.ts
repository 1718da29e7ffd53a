import { CommandMetadata } from '@registry/kernel';
import { RegulatorKeyCommand, regulatorKeyDecider, RegulatorKeyEvent, RegulatorKeyState, regulatorKeyStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';
import { WithdrawRegulatorKeyInput } from './withdraw-regulator-key.input';

export class WithdrawRegulatorKeyCommand extends DeciderCommand<RegulatorKeyCommand, RegulatorKeyEvent, RegulatorKeyState> {
  constructor(data: Omit<WithdrawRegulatorKeyInput, 'idempotencyKey'>, metadata: CommandMetadata) {
    super(regulatorKeyStreamId(data.jurisdiction), regulatorKeyDecider, { type: 'WithdrawRegulatorKey', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
