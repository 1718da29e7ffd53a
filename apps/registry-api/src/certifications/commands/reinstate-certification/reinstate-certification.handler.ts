import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { ReinstateCertificationCommand } from './reinstate-certification.command';

@CommandHandler(ReinstateCertificationCommand)
export class ReinstateCertificationHandler extends DeciderCommandHandler<ReinstateCertificationCommand> {}
