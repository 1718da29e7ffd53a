import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEvent } from '@registry/contract';
import { certifierStreamId } from '@registry/domain';
import { Loaders, RequestLoaders } from '../graphql/loaders';
import { CertifierView } from './certifier.view';

@Resolver('Certifier')
export class CertifierFieldsResolver {
  /** Accreditation events carry no restricted fields: everyone sees them whole. */
  @ResolveField('history')
  historyOf(@Parent() certifier: CertifierView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(certifierStreamId(certifier.id), true, certifier.knownAt);
  }
}
