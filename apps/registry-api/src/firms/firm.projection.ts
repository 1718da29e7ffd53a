import { Injectable } from '@nestjs/common';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { toDomainEvent } from '@registry/domain';
import { assertNever } from '@registry/kernel';
import { Projection } from '@registry/projections';

/** Row of the firms read model. */
export interface FirmRow {
  firm_id: string;
  name: string;
  jurisdiction: string;
  registered_at: Date;
  version: number;
}

/** Firms by id: the read model behind `firm` and `firms`. */
@Injectable()
export class FirmProjection implements Projection {
  readonly name = 'firms';
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_firms (
      firm_id       text PRIMARY KEY,
      name          text NOT NULL,
      jurisdiction  text NOT NULL,
      registered_at timestamptz NOT NULL,
      version       integer NOT NULL
    )`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_firms');
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const e = toDomainEvent(event);
    if (!e) return; // not a registry event
    switch (e.type) {
      case 'FirmRegistered':
        await tx.query(`INSERT INTO rm_firms (firm_id, name, jurisdiction, registered_at, version) VALUES ($1, $2, $3, $4, $5)`, [
          e.data.firmId,
          e.data.name,
          e.data.jurisdiction,
          e.data.registeredAt,
          event.streamVersion,
        ]);
        return;
      case 'FirmRenamed':
        await tx.query(`UPDATE rm_firms SET name = $2, version = $3 WHERE firm_id = $1`, [e.data.firmId, e.data.name, event.streamVersion]);
        return;
      case 'FrameworkVersionPublished':
      case 'CertifierAccredited':
      case 'AccreditationSuspended':
      case 'AccreditationReinstated':
      case 'AccreditationWithdrawn':
      case 'ModelRegistered':
      case 'ModelVersionRegistered':
      case 'ModelVersionDeprecated':
      case 'CertificationIssued':
      case 'CertificationSuspended':
      case 'CertificationReinstated':
      case 'CertificationRevoked':
      case 'CertificationRenewed':
      case 'CertificationScopeAmended':
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
        return; // other streams' events
      default:
        assertNever(e);
    }
  }
}
