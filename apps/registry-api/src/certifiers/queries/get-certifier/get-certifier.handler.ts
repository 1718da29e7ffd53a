import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { certifierDecider, CertifierErrors, certifierStreamId } from '@registry/domain';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { CertifierView, toCertifierView } from '../../certifier.view';
import { GetCertifierQuery } from './get-certifier.query';

/** Folds the certifier's stream: always current, no read model to lag it. */
@QueryHandler(GetCertifierQuery)
export class GetCertifierHandler implements IQueryHandler<GetCertifierQuery> {
  constructor(private readonly reader: AggregateReader) {}

  async execute({ certifierId, required }: GetCertifierQuery): Promise<CertifierView | null> {
    const { state, version } = await this.reader.load(certifierStreamId(certifierId), certifierDecider);
    const view = toCertifierView(state, version);
    if (!view && required) throw CertifierErrors.notFound(certifierId);
    return view;
  }
}
