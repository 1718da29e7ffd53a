import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { SuspendAccreditationCommand } from './suspend-accreditation.command';

@CommandHandler(SuspendAccreditationCommand)
export class SuspendAccreditationHandler extends DeciderCommandHandler<SuspendAccreditationCommand> {}
