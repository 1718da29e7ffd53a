import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { CountersignEquivalenceHandler } from './commands/countersign-equivalence/countersign-equivalence.handler';
import { CountersignEquivalenceResolver } from './commands/countersign-equivalence/countersign-equivalence.resolver';
import { ProposeEquivalenceHandler } from './commands/propose-equivalence/propose-equivalence.handler';
import { ProposeEquivalenceResolver } from './commands/propose-equivalence/propose-equivalence.resolver';
import { RejectEquivalenceHandler } from './commands/reject-equivalence/reject-equivalence.handler';
import { RejectEquivalenceResolver } from './commands/reject-equivalence/reject-equivalence.resolver';
import { WithdrawEquivalenceHandler } from './commands/withdraw-equivalence/withdraw-equivalence.handler';
import { WithdrawEquivalenceResolver } from './commands/withdraw-equivalence/withdraw-equivalence.resolver';
import { GetEquivalenceHandler } from './queries/get-equivalence/get-equivalence.handler';
import { GetEquivalenceResolver } from './queries/get-equivalence/get-equivalence.resolver';
import { GetRecognitionsHandler } from './queries/get-recognitions/get-recognitions.handler';
import { GetRecognitionsResolver } from './queries/get-recognitions/get-recognitions.resolver';

const CommandHandlers = [ProposeEquivalenceHandler, CountersignEquivalenceHandler, RejectEquivalenceHandler, WithdrawEquivalenceHandler];
const QueryHandlers = [GetEquivalenceHandler, GetRecognitionsHandler];
const Resolvers = [
  ProposeEquivalenceResolver,
  CountersignEquivalenceResolver,
  RejectEquivalenceResolver,
  WithdrawEquivalenceResolver,
  GetEquivalenceResolver,
  GetRecognitionsResolver,
];

/**
 * Equivalences (mutual recognition): proposals by the registrar, countersignature / rejection / withdrawal by the
 * foreign regulator, the equivalence folded from its stream, and what a jurisdiction recognises at a date.
 */
@Module({ imports: [VerdictsModule], providers: [...CommandHandlers, ...QueryHandlers, ...Resolvers] })
export class EquivalencesModule {}
