import { Injectable } from '@nestjs/common';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { certificationDecider, CertificationState, toDomainEvent } from '@registry/domain';
import { assertNever } from '@registry/kernel';
import { Projection } from '@registry/projections';

/** Row of the certifications read model: the filter columns, plus the certification's folded state. */
export interface CertificationRow {
  certification_id: string;
  certifier_id: string;
  model_id: string;
  model_version: string;
  firm_id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED';
  valid_until: Date;
  state: Exclude<CertificationState, { status: 'NONE' }>;
  version: number;
}

/**
 * Certifications by id, searchable by model, model version, firm, certifier and status: the read model behind
 * `certifications`. Each row's `state` is the certification decider's own fold of the stream (evolve applied to
 * the stored state), so the list and the single-entity query build their answers from the same state.
 * A model's owner is kept alongside (`rm_certification_model_owners`) to file each certification under its firm.
 */
@Injectable()
export class CertificationProjection implements Projection {
  readonly name = 'certifications';
  readonly version = 1;

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
      status           text NOT NULL,
      valid_until      timestamptz NOT NULL,
      state            jsonb NOT NULL,
      version          integer NOT NULL
    )`);
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_model ON rm_certifications (model_id, model_version, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_firm ON rm_certifications (firm_id, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_certifier ON rm_certifications (certifier_id, certification_id)');
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_certifications');
    await tx.query('DELETE FROM rm_certification_model_owners');
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const e = toDomainEvent(event);
    if (!e) return; // not a registry event
    switch (e.type) {
      case 'ModelRegistered':
        await tx.query('INSERT INTO rm_certification_model_owners (model_id, firm_id) VALUES ($1, $2) ON CONFLICT (model_id) DO NOTHING', [
          e.data.modelId,
          e.data.firmId,
        ]);
        return;
      case 'CertificationIssued': {
        const state = certificationDecider.evolve(certificationDecider.initialState(), e) as CertificationRow['state'];
        const d = e.data;
        await tx.query(
          `INSERT INTO rm_certifications (certification_id, certifier_id, model_id, model_version, firm_id, status, valid_until, state, version)
           SELECT $1, $2, $3, $4, o.firm_id, $5, $6, $7, $8 FROM rm_certification_model_owners o WHERE o.model_id = $3`,
          [d.certificationId, d.certifierId, d.modelId, d.modelVersion, state.status, d.validUntil, JSON.stringify(state), event.streamVersion],
        );
        return;
      }
      case 'CertificationSuspended':
      case 'CertificationReinstated':
      case 'CertificationRevoked':
      case 'CertificationRenewed':
      case 'CertificationScopeAmended': {
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
          event.streamVersion,
        ]);
        return;
      }
      case 'FirmRegistered':
      case 'FirmRenamed':
      case 'FrameworkVersionPublished':
      case 'CertifierAccredited':
      case 'AccreditationSuspended':
      case 'AccreditationReinstated':
      case 'AccreditationWithdrawn':
      case 'ModelVersionRegistered':
      case 'ModelVersionDeprecated':
      case 'EquivalenceProposed':
      case 'EquivalenceCountersigned':
      case 'EquivalenceRejected':
      case 'EquivalenceWithdrawn':
      case 'RegulatorKeyRegistered':
      case 'RegulatorKeyWithdrawn':
      case 'WeightsLocalisationRecorded':
      case 'WeightsRelocated':
      case 'LocalisationWithdrawn':
      case 'DataTransferBasisRecorded':
      case 'DataTransferBasisWithdrawn':
      case 'ConditionEvidenceRecorded':
      case 'ConditionEvidenceWithdrawn':
      case 'TestSuitePublished':
      case 'SandboxRunRequested':
      case 'SandboxRunCompleted':
      case 'SandboxRunFailed':
      case 'PublicSectorSystemRegistered':
      case 'AuditCampaignOpened':
      case 'AuditorAssigned':
      case 'AuditOutcomeRecorded':
      case 'TrainingDataProvenanceRecorded':
        return; // model versions, deprecations and other streams' events
      default:
        assertNever(e);
    }
  }
}
