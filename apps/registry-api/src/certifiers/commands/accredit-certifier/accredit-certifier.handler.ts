import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { AccreditCertifierCommand } from './accredit-certifier.command';

@CommandHandler(AccreditCertifierCommand)
export class AccreditCertifierHandler extends DeciderCommandHandler<AccreditCertifierCommand> {}
