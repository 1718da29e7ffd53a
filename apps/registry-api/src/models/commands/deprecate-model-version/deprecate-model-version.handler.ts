import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { DeprecateModelVersionCommand } from './deprecate-model-version.command';

@CommandHandler(DeprecateModelVersionCommand)
export class DeprecateModelVersionHandler extends DeciderCommandHandler<DeprecateModelVersionCommand> {}
