import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { WithdrawRegulatorKeyCommand } from './withdraw-regulator-key.command';

@CommandHandler(WithdrawRegulatorKeyCommand)
export class WithdrawRegulatorKeyHandler extends DeciderCommandHandler<WithdrawRegulatorKeyCommand> {}
