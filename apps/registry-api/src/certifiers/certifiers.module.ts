import { Module } from '@nestjs/common';
import { AccreditCertifierResolver } from './commands/accredit-certifier/accredit-certifier.resolver';
import { SuspendAccreditationResolver } from './commands/suspend-accreditation/suspend-accreditation.resolver';
import { ReinstateAccreditationResolver } from './commands/reinstate-accreditation/reinstate-accreditation.resolver';
import { WithdrawAccreditationResolver } from './commands/withdraw-accreditation/withdraw-accreditation.resolver';
import { GetCertifierHandler } from './queries/get-certifier/get-certifier.handler';
import { GetCertifierResolver } from './queries/get-certifier/get-certifier.resolver';
import { CertifierFieldsResolver } from './certifier-fields.resolver';

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
@Module({ providers: [...QueryHandlers, ...Resolvers] })
export class CertifiersModule {}
