import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { RegisterModelVersionCommand } from './register-model-version.command';

@CommandHandler(RegisterModelVersionCommand)
export class RegisterModelVersionHandler extends DeciderCommandHandler<RegisterModelVersionCommand> {}
