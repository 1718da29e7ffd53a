import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { WithdrawEquivalenceCommand } from './withdraw-equivalence.command';

/** The registrar or the foreign regulator withdraws a PROPOSED or countersigned equivalence (the decider checks who). */
@CommandHandler(WithdrawEquivalenceCommand)
export class WithdrawEquivalenceHandler extends DeciderCommandHandler<WithdrawEquivalenceCommand> {}
