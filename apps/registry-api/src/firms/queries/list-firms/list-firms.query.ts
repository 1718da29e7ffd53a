import { Query } from '@nestjs/cqrs';
import { FirmConnection } from '@registry/contract';

export type FirmPage = Omit<FirmConnection, 'edges'> & { edges: { cursor: string; node: import('../../firm.view').FirmView }[] };

export class ListFirmsQuery extends Query<FirmPage> {
  constructor(
    readonly first: number,
    readonly after: string | undefined,
  ) {
    super();
  }
}
