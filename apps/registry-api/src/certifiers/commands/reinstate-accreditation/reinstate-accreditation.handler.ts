import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { ReinstateAccreditationCommand } from './reinstate-accreditation.command';

@CommandHandler(ReinstateAccreditationCommand)
export class ReinstateAccreditationHandler extends DeciderCommandHandler<ReinstateAccreditationCommand> {}
