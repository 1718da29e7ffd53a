import { Module } from '@nestjs/common';
import { CertificationProjection } from './certification.projection';
import { AmendCertificationScopeResolver } from './commands/amend-certification-scope/amend-certification-scope.resolver';
import { IssueCertificationResolver } from './commands/issue-certification/issue-certification.resolver';
import { ReinstateCertificationResolver } from './commands/reinstate-certification/reinstate-certification.resolver';
import { RenewCertificationResolver } from './commands/renew-certification/renew-certification.resolver';
import { RevokeCertificationResolver } from './commands/revoke-certification/revoke-certification.resolver';
import { SuspendCertificationResolver } from './commands/suspend-certification/suspend-certification.resolver';
import { CertificationContextService } from './certification-context.service';
import { GetCertificationHandler } from './queries/get-certification/get-certification.handler';
import { ListCertificationsHandler } from './queries/list-certifications/list-certifications.handler';
import { CertificationsQueryResolver } from './queries/certifications.resolver';

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
@Module({ providers: [CertificationProjection, CertificationContextService, ...QueryHandlers, ...Resolvers], exports: [CertificationContextService] })
export class CertificationsModule {}
