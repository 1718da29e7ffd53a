import { Query } from '@nestjs/cqrs';
import { CertificationConnection, CertificationStatus } from '@registry/contract';
import { Actor } from '@registry/kernel';
import { CertificationView } from '../../certification.view';

export type CertificationPage = Omit<CertificationConnection, 'edges'> & { edges: { cursor: string; node: CertificationView }[] };

export interface CertificationFilter {
  readonly modelId?: string;
  readonly modelVersion?: string;
  readonly firmId?: string;
  readonly certifierId?: string;
  readonly frameworkVersion?: string;
  readonly status?: CertificationStatus;
}

export class ListCertificationsQuery extends Query<CertificationPage> {
  constructor(
    readonly filter: CertificationFilter,
    readonly first: number,
    readonly after: string | undefined,
    readonly actor: Actor | undefined,
  ) {
    super();
  }
}
