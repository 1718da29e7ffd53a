import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { transferBasisDecider, transferBasisStreamId } from '@registry/domain';
import { canSeeRestricted } from '../../../auth/visibility';
import { AggregateReader } from '../../../infrastructure/aggregate-reader';
import { RecordContextService } from '../../record-context.service';
import { basisView, DataTransferBasisView } from '../../records.views';
import { GetDataTransferBasisQuery } from './get-data-transfer-basis.query';

@QueryHandler(GetDataTransferBasisQuery)
export class GetDataTransferBasisHandler implements IQueryHandler<GetDataTransferBasisQuery> {
  constructor(
    private readonly aggregates: AggregateReader,
    private readonly context: RecordContextService,
  ) {}

  async execute({ basisId, actor, knownAt }: GetDataTransferBasisQuery): Promise<DataTransferBasisView | null> {
    const streamId = transferBasisStreamId(basisId);
    const { state } = await this.aggregates.load(streamId, transferBasisDecider, knownAt);
    if (state.status === 'NONE') return null;
    // The basis belongs to the model, not to one version: the certifier of any of its versions sees the filing.
    const readers = await this.context.modelReaders(state.basis.modelId);
    return basisView(state, { streamId, knownAt, entitled: canSeeRestricted(actor, readers) });
  }
}
