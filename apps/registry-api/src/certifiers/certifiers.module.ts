import { Module } from '@nestjs/common';
import { AccreditCertifierHandler } from './commands/accredit-certifier/accredit-certifier.handler';
import { AccreditCertifierResolver } from './commands/accredit-certifier/accredit-certifier.resolver';
import { SuspendAccreditationHandler } from './commands/suspend-accreditation/suspend-accreditation.handler';
import { SuspendAccreditationResolver } from './commands/suspend-accreditation/suspend-accreditation.resolver';
import { ReinstateAccreditationHandler } from './commands/reinstate-accreditation/reinstate-accreditation.handler';
import { ReinstateAccreditationResolver } from './commands/reinstate-accreditation/reinstate-accreditation.resolver';
import { WithdrawAccreditationHandler } from './commands/withdraw-accreditation/withdraw-accreditation.handler';
import { WithdrawAccreditationResolver } from './commands/withdraw-accreditation/withdraw-accreditation.resolver';
import { GetCertifierHandler } from './queries/get-certifier/get-certifier.handler';
import { GetCertifierResolver } from './queries/get-certifier/get-certifier.resolver';
import { CertifierFieldsResolver } from './certifier-fields.resolver';

const CommandHandlers = [AccreditCertifierHandler, SuspendAccreditationHandler, ReinstateAccreditationHandler, WithdrawAccreditationHandler];
const QueryHandlers = [GetCertifierHandler];
const Resolvers = [
  AccreditCertifierResolver,
  SuspendAccreditationResolver,
  ReinstateAccreditationResolver,
  WithdrawAccreditationResolver,
  GetCertifierResolver,
  CertifierFieldsResolver,
];

/** Certifiers: accreditation by the registrar (accredit, suspend, reinstate, withdraw); reads folded from the certifier's stream. */
@Module({ providers: [...CommandHandlers, ...QueryHandlers, ...Resolvers] })
export class CertifiersModule {}
