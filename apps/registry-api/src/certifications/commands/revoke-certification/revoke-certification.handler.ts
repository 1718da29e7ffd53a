import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { RevokeCertificationCommand } from './revoke-certification.command';

@CommandHandler(RevokeCertificationCommand)
export class RevokeCertificationHandler extends DeciderCommandHandler<RevokeCertificationCommand> {}
