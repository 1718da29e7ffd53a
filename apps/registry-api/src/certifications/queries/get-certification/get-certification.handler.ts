import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertificationErrors } from '@registry/domain';
import { canSeeRestricted } from '../../../auth/visibility';
import { CertificationContextService } from '../../certification-context.service';
import { CertificationView, toCertificationView } from '../../certification.view';
import { GetCertificationQuery } from './get-certification.query';

/** Folds the certification's stream (always current); the audit-report digest only for those entitled. */
@QueryHandler(GetCertificationQuery)
export class GetCertificationHandler implements IQueryHandler<GetCertificationQuery> {
  constructor(private readonly context: CertificationContextService) {}

  async execute({ certificationId, actor, required, knownAt }: GetCertificationQuery): Promise<CertificationView | null> {
    const { state, version, firmId } = await this.context.certification(certificationId, knownAt);
    if (state.status === 'NONE') {
      if (required) throw CertificationErrors.notFound(certificationId);
      return null;
    }
    const entitled = canSeeRestricted(actor, { firmId, certifierIds: [state.certification.certifierId] });
    return toCertificationView(state, { version, firmId: firmId ?? '', now: new Date(), entitled, knownAt });
  }
}
