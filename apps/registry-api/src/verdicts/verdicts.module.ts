import { Module } from '@nestjs/common';
import { parsePosition, SqlDatabase } from '@registry/event-store';
import { VERDICT_RULES_VERSION } from '@registry/domain';
import { READ_DB } from '../infrastructure/event-store.providers';
import { ExportReadinessResolver } from './export-readiness.resolver';
import { ExportReadyModelsResolver } from './export-ready-models.resolver';
import { ReadinessReadModel } from './readiness.read-model';
import { ReadinessTable } from './readiness-table';
import { VERDICT_START_FLOOR, VerdictService, VerdictStartFloor } from './verdict.service';

/**
 * The readiness rows' checkpoint bounds the verdict snapshot a start may load: the read model marks rows from
 * the events folded after its checkpoint, so the facts must be folded from no later than it. Rows to rebuild
 * (no checkpoint, or one of other rules) need every event: no snapshot then.
 */
const startFloor =
  (db: Pick<SqlDatabase, 'query' | 'transaction'>): VerdictStartFloor =>
  async () => {
    const checkpoint = await new ReadinessTable(db).checkpoint().catch(() => null);
    return checkpoint?.rulesVersion === VERDICT_RULES_VERSION ? (parsePosition(checkpoint.position) ?? null) : null;
  };

/** Export-readiness verdicts, judged from the log (see libs/domain/src/verdict), and the readiness read model. */
@Module({
  providers: [
    VerdictService,
    { provide: VERDICT_START_FLOOR, inject: [READ_DB], useFactory: startFloor },
    ReadinessReadModel,
    ExportReadinessResolver,
    ExportReadyModelsResolver,
  ],
  exports: [VerdictService, ReadinessReadModel],
})
export class VerdictsModule {}
