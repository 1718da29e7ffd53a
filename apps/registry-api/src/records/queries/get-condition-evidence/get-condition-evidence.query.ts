import { Query } from '@nestjs/cqrs';
import { ConditionEvidenceView } from '../../records.views';

export class GetConditionEvidenceQuery extends Query<ConditionEvidenceView | null> {
  constructor(
    readonly equivalenceId: string,
    readonly modelId: string,
    readonly version: string,
  ) {
    super();
  }
}
