import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { RejectEquivalenceCommand } from './reject-equivalence.command';

/** The regulator of the equivalence's foreign jurisdiction rejects a PROPOSED equivalence (the decider checks who). */
@CommandHandler(RejectEquivalenceCommand)
export class RejectEquivalenceHandler extends DeciderCommandHandler<RejectEquivalenceCommand> {}
