import { Module } from '@nestjs/common';
import { AmendCertificationScopeHandler } from './commands/amend-certification-scope/amend-certification-scope.handler';
import { AmendCertificationScopeResolver } from './commands/amend-certification-scope/amend-certification-scope.resolver';
import { IssueCertificationHandler } from './commands/issue-certification/issue-certification.handler';
import { IssueCertificationResolver } from './commands/issue-certification/issue-certification.resolver';
import { ReinstateCertificationHandler } from './commands/reinstate-certification/reinstate-certification.handler';
import { ReinstateCertificationResolver } from './commands/reinstate-certification/reinstate-certification.resolver';
import { RenewCertificationHandler } from './commands/renew-certification/renew-certification.handler';
import { RenewCertificationResolver } from './commands/renew-certification/renew-certification.resolver';
import { RevokeCertificationHandler } from './commands/revoke-certification/revoke-certification.handler';
import { RevokeCertificationResolver } from './commands/revoke-certification/revoke-certification.resolver';
import { SuspendCertificationHandler } from './commands/suspend-certification/suspend-certification.handler';
import { SuspendCertificationResolver } from './commands/suspend-certification/suspend-certification.resolver';
import { CertificationContextService } from './certification-context.service';
import { GetCertificationHandler } from './queries/get-certification/get-certification.handler';
import { ListCertificationsHandler } from './queries/list-certifications/list-certifications.handler';
import { CertificationsQueryResolver } from './queries/certifications.resolver';

const CommandHandlers = [
  IssueCertificationHandler,
  SuspendCertificationHandler,
  ReinstateCertificationHandler,
  RevokeCertificationHandler,
  RenewCertificationHandler,
  AmendCertificationScopeHandler,
];
const QueryHandlers = [GetCertificationHandler, ListCertificationsHandler];
const Resolvers = [
  IssueCertificationResolver,
  SuspendCertificationResolver,
  ReinstateCertificationResolver,
  RevokeCertificationResolver,
  RenewCertificationResolver,
  AmendCertificationScopeResolver,
  CertificationsQueryResolver,
];

/**
 * HK-AI certifications: issued and maintained by their certifier (decider: libs/domain/src/certification);
 * single reads fold the stream, searches read the certifications projection (registered in CoreModule).
 */
@Module({ providers: [CertificationContextService, ...CommandHandlers, ...QueryHandlers, ...Resolvers], exports: [CertificationContextService] })
export class CertificationsModule {}
