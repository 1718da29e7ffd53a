import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Recognitions } from '@registry/contract';
import { formatPosition } from '@registry/event-store';
import { VerdictService } from '../../../verdicts/verdict.service';
import { recognitionsOf } from '../../recognitions';
import { GetRecognitionsQuery } from './get-recognitions.query';

/**
 * Judged from the same facts as export-readiness verdicts (VerdictService, which refuses a knownAt ahead of the
 * log), so a recognition listed here is exactly one a verdict at the same asOf and knownAt can rely on.
 */
@QueryHandler(GetRecognitionsQuery)
export class GetRecognitionsHandler implements IQueryHandler<GetRecognitionsQuery> {
  constructor(private readonly verdicts: VerdictService) {}

  async execute({ jurisdiction, asOf, knownAt }: GetRecognitionsQuery): Promise<Recognitions> {
    // Only the registry-wide facts: exact at any knownAt from the few events kept in memory, where whole facts
    // at a past position would be rebuilt from a persisted snapshot (every model's).
    const { facts, computedAt } = await this.verdicts.registryWideFacts(knownAt);
    return { ...recognitionsOf(facts, jurisdiction, asOf), computedAt: formatPosition(computedAt) };
  }
}
