import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { WithdrawAccreditationCommand } from './withdraw-accreditation.command';

@CommandHandler(WithdrawAccreditationCommand)
export class WithdrawAccreditationHandler extends DeciderCommandHandler<WithdrawAccreditationCommand> {}
