import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEvent } from '@registry/contract';
import { certifierStreamId } from '@registry/domain';
import { HistoryService } from '../history/history.service';
import { CertifierView } from './certifier.view';

@Resolver('Certifier')
export class CertifierFieldsResolver {
  constructor(private readonly history: HistoryService) {}

  /** Accreditation events carry no restricted fields: everyone sees them whole. */
  @ResolveField('history')
  historyOf(@Parent() certifier: CertifierView): Promise<HistoryEvent[]> {
    return this.history.of(certifierStreamId(certifier.id));
  }
}
