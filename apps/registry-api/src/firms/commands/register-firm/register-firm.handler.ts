import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { RegisterFirmCommand } from './register-firm.command';

@CommandHandler(RegisterFirmCommand)
export class RegisterFirmHandler extends DeciderCommandHandler<RegisterFirmCommand> {}
