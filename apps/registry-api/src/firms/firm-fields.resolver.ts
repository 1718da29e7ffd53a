import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { HistoryEvent } from '@registry/contract';
import { firmStreamId } from '@registry/domain';
import { HistoryService } from '../history/history.service';
import { FirmView } from './firm.view';

@Resolver('Firm')
export class FirmFieldsResolver {
  constructor(private readonly history: HistoryService) {}

  @ResolveField('history')
  historyOf(@Parent() firm: FirmView): Promise<HistoryEvent[]> {
    return this.history.of(firmStreamId(firm.id));
  }
}
