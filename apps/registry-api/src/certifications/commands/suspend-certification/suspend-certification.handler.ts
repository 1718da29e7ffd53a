import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { SuspendCertificationCommand } from './suspend-certification.command';

@CommandHandler(SuspendCertificationCommand)
export class SuspendCertificationHandler extends DeciderCommandHandler<SuspendCertificationCommand> {}
