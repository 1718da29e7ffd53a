import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { PublishFrameworkCommand } from './publish-framework.command';

@CommandHandler(PublishFrameworkCommand)
export class PublishFrameworkHandler extends DeciderCommandHandler<PublishFrameworkCommand> {}
