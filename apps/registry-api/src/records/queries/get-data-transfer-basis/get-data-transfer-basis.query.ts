import { Query } from '@nestjs/cqrs';
import { Actor } from '@registry/kernel';
import { DataTransferBasisView } from '../../records.views';

export class GetDataTransferBasisQuery extends Query<DataTransferBasisView | null> {
  constructor(
    readonly basisId: string,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}
