import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { RenameFirmCommand } from './rename-firm.command';

@CommandHandler(RenameFirmCommand)
export class RenameFirmHandler extends DeciderCommandHandler<RenameFirmCommand> {}
