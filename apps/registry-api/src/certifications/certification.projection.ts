import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { certificationDecider, CertificationState, RegistryEventOf } from '@registry/domain';
import { applyRouted, EventHandlers } from '../infrastructure/event-routes';
import { Projection } from '@registry/projections';

/** Row of the certifications read model: the filter columns, plus the certification's folded state. */
export interface CertificationRow {
  certification_id: string;
  certifier_id: string;
  model_id: string;
  model_version: string;
  firm_id: string;
  /** The HK-AI framework version certified against (`state.certification.frameworkVersion`; never changes). */
  framework_version: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
  valid_until: Date;
  state: Exclude<CertificationState, { status: 'NONE' }>;
  version: number;
}

/**
 * Certifications by id, searchable by model, model version, firm, certifier, framework version and status: the read model behind
 * `certifications`. Each row's `state` is the certification decider's own fold of the stream (evolve applied to
 * the stored state), so the list and the single-entity query build their answers from the same state.
 * A model's owner is kept alongside (`rm_certification_model_owners`) to file each certification under its firm.
 */
@Injectable()
@ReadModelProjection()
export class CertificationProjection implements Projection {
  readonly name = 'certifications';
  /** 2: `framework_version` (issue 9), filled for existing certifications by the rebuild the bump starts. */
  readonly version = 2;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_certification_model_owners (
      model_id text PRIMARY KEY,
      firm_id  text NOT NULL
    )`);
    await db.query(`CREATE TABLE IF NOT EXISTS rm_certifications (
      certification_id text PRIMARY KEY,
      certifier_id     text NOT NULL,
      model_id         text NOT NULL,
      model_version    text NOT NULL,
      firm_id          text NOT NULL,
      framework_version text NOT NULL,
      status           text NOT NULL,
      valid_until      timestamptz NOT NULL,
      state            jsonb NOT NULL,
      version          integer NOT NULL
    )`);
    // A table of version 1 lacks the column: added empty here, filled by the rebuild that version 2 starts right after setup.
    await db.query(`ALTER TABLE rm_certifications ADD COLUMN IF NOT EXISTS framework_version text NOT NULL DEFAULT ''`);
    await db.query('ALTER TABLE rm_certifications ALTER COLUMN framework_version DROP DEFAULT');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_framework_version ON rm_certifications (framework_version, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_model ON rm_certifications (model_id, model_version, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_firm ON rm_certifications (firm_id, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_certifier ON rm_certifications (certifier_id, certification_id)');
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_certifications');
    await tx.query('DELETE FROM rm_certification_model_owners');
  }

  /** Models (for their firm), then certifications; every other event leaves the tables as they are (see EVENT_ROUTES). */
  private readonly on: EventHandlers<'certifications'> = {
    ModelRegistered: async (e, tx) => {
      await tx.query('INSERT INTO rm_certification_model_owners (model_id, firm_id) VALUES ($1, $2) ON CONFLICT (model_id) DO NOTHING', [
        e.data.modelId,
        e.data.firmId,
      ]);
    },
    CertificationIssued: async (e, tx, recorded) => {
      const state = certificationDecider.evolve(certificationDecider.initialState(), e) as CertificationRow['state'];
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
          JSON.stringify(state),
          recorded.streamVersion,
        ],
      );
    },
    CertificationSuspended: (e, tx, recorded) => this.evolve(e, tx, recorded),
    CertificationReinstated: (e, tx, recorded) => this.evolve(e, tx, recorded),
    CertificationRevoked: (e, tx, recorded) => this.evolve(e, tx, recorded),
    CertificationRenewed: (e, tx, recorded) => this.evolve(e, tx, recorded),
    CertificationScopeAmended: (e, tx, recorded) => this.evolve(e, tx, recorded),
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }

  /** A later event of a certification: its state evolved by the certification decider. */
  private async evolve(
    e: RegistryEventOf<'CertificationSuspended' | 'CertificationReinstated' | 'CertificationRevoked' | 'CertificationRenewed' | 'CertificationScopeAmended'>,
    tx: SqlExecutor,
    recorded: RecordedEvent,
  ): Promise<void> {
    const { rows } = await tx.query<Pick<CertificationRow, 'state'>>('SELECT state FROM rm_certifications WHERE certification_id = $1', [
      e.data.certificationId,
    ]);
    if (!rows[0]) return;
    const state = certificationDecider.evolve(rows[0].state, e) as CertificationRow['state'];
    await tx.query('UPDATE rm_certifications SET status = $2, valid_until = $3, state = $4, version = $5 WHERE certification_id = $1', [
      e.data.certificationId,
      state.status,
      state.certification.validUntil,
      JSON.stringify(state),
      recorded.streamVersion,
    ]);
  }
}
