import { CommandHandler } from '@nestjs/cqrs';
import { DeciderCommandHandler } from '../../../infrastructure/decider-command';
import { CountersignEquivalenceCommand } from './countersign-equivalence.command';

/** The regulator of the equivalence's foreign jurisdiction countersigns a PROPOSED equivalence (the decider checks who). */
@CommandHandler(CountersignEquivalenceCommand)
export class CountersignEquivalenceHandler extends DeciderCommandHandler<CountersignEquivalenceCommand> {}
