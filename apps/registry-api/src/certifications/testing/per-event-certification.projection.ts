import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { certificationDecider, toDomainEvent } from '@registry/domain';
import { Projection } from '@registry/projections';
import { CertificationProjection, CertificationRow, certificationStateOf, IssuedCertificationState, storedCertification } from '../certification.projection';

/**
 * The certifications read model as it was written before `applyBatch` (version 2's statements, one event at a time,
 * storing version 3's row: `storedCertification`), kept as the specification a batch must reproduce (the int-spec) and
 * as the "before" of bench/projection-rebuild: an owner INSERT … ON CONFLICT DO NOTHING, an issue INSERT selecting the
 * owner, and a SELECT then UPDATE of the stored row for every later event. Same tables, name and version as
 * `CertificationProjection`.
 */
export const perEventReference = async (tx: SqlExecutor, recorded: RecordedEvent): Promise<void> => {
  const e = toDomainEvent(recorded);
  if (!e) return;
  if (e.type === 'ModelRegistered') {
    await tx.query('INSERT INTO rm_certification_model_owners (model_id, firm_id) VALUES ($1, $2) ON CONFLICT (model_id) DO NOTHING', [
      e.data.modelId,
      e.data.firmId,
    ]);
  } else if (e.type === 'CertificationIssued') {
    const state = certificationDecider.evolve(certificationDecider.initialState(), e) as IssuedCertificationState;
    const d = e.data;
    await tx.query(
      `INSERT INTO rm_certifications (certification_id, certifier_id, model_id, model_version, firm_id, framework_version, status, valid_until, state, version)
       SELECT $1, $2, $3, $4, o.firm_id, $5, $6, $7, $8, $9 FROM rm_certification_model_owners o WHERE o.model_id = $3`,
      [
        d.certificationId,
        d.certifierId,
        d.modelId,
        d.modelVersion,
        d.frameworkVersion,
        state.status,
        d.validUntil,
        JSON.stringify(storedCertification(state)),
        recorded.streamVersion,
      ],
    );
  } else if (
    e.type === 'CertificationSuspended' ||
    e.type === 'CertificationReinstated' ||
    e.type === 'CertificationRevoked' ||
    e.type === 'CertificationRenewed' ||
    e.type === 'CertificationScopeAmended'
  ) {
    const { rows } = await tx.query<Omit<CertificationRow, 'firm_id' | 'valid_until' | 'version'>>(
      `SELECT certification_id, certifier_id, model_id, model_version, framework_version, status, state FROM rm_certifications
       WHERE certification_id = $1`,
      [e.data.certificationId],
    );
    if (!rows[0]) return;
    const state = certificationDecider.evolve(certificationStateOf(rows[0]), e) as IssuedCertificationState;
    await tx.query('UPDATE rm_certifications SET status = $2, valid_until = $3, state = $4, version = $5 WHERE certification_id = $1', [
      e.data.certificationId,
      state.status,
      state.certification.validUntil,
      JSON.stringify(storedCertification(state)),
      recorded.streamVersion,
    ]);
  }
};

/** The per-event read model as a `Projection` (no `applyBatch`: the runner calls `apply` for every event). */
export class PerEventCertificationProjection implements Projection {
  private readonly tables = new CertificationProjection();
  readonly name = this.tables.name;
  readonly version = this.tables.version;
  setup(db: SqlExecutor): Promise<void> {
    return this.tables.setup(db);
  }
  reset(tx: SqlExecutor): Promise<void> {
    return this.tables.reset(tx);
  }
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return perEventReference(tx, event);
  }
}
