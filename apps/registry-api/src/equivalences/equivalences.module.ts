import { Module } from '@nestjs/common';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { CountersignEquivalenceResolver } from './commands/countersign-equivalence/countersign-equivalence.resolver';
import { ProposeEquivalenceResolver } from './commands/propose-equivalence/propose-equivalence.resolver';
import { RejectEquivalenceResolver } from './commands/reject-equivalence/reject-equivalence.resolver';
import { WithdrawEquivalenceResolver } from './commands/withdraw-equivalence/withdraw-equivalence.resolver';
import { GetEquivalenceHandler } from './queries/get-equivalence/get-equivalence.handler';
import { GetEquivalenceResolver } from './queries/get-equivalence/get-equivalence.resolver';
import { GetRecognitionsHandler } from './queries/get-recognitions/get-recognitions.handler';
import { GetRecognitionsResolver } from './queries/get-recognitions/get-recognitions.resolver';

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
@Module({ imports: [VerdictsModule], providers: [...QueryHandlers, ...Resolvers] })
export class EquivalencesModule {}
