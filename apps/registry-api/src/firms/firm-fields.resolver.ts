import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEvent } from '@registry/contract';
import { firmStreamId } from '@registry/domain';
import { Loaders, RequestLoaders } from '../graphql/loaders';
import { FirmView } from './firm.view';

@Resolver('Firm')
export class FirmFieldsResolver {
  @ResolveField('history')
  historyOf(@Parent() firm: FirmView, @Loaders() loaders: RequestLoaders): Promise<HistoryEvent[]> {
    return loaders.historyOf(firmStreamId(firm.id), true, firm.knownAt);
  }
}
