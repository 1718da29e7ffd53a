import { asOf } from '../../../graphql/as-of';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { certifierDecider, CertifierErrors, certifierStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { CertifierView, toCertifierView } from '../../certifier.view';
import { GetCertifierQuery } from './get-certifier.query';

/** Folds the certifier's stream: always current, no read model to lag it. */
@QueryHandler(GetCertifierQuery)
export class GetCertifierHandler implements IQueryHandler<GetCertifierQuery> {
  constructor(private readonly reader: AggregateReader) {}

  async execute({ certifierId, required, knownAt }: GetCertifierQuery): Promise<CertifierView | null> {
    const { state, version } = await this.reader.load(certifierStreamId(certifierId), certifierDecider, knownAt);
    const view = asOf(toCertifierView(state, version), knownAt);
    if (!view && required) throw CertifierErrors.notFound(certifierId);
    return view;
  }
}
