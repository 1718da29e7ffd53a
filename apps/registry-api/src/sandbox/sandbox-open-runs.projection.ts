import { Injectable } from '@nestjs/common';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { toDomainEvent } from '@registry/domain';
import { assertNever } from '@registry/kernel';
import { Projection } from '@registry/projections';

/**
 * The endpoint runs that are requested and not yet completed or failed: what an instance resumes when it starts
 * (a run's calls live in the process that made them, so a restart would otherwise leave it REQUESTED for ever).
 */
@Injectable()
export class SandboxOpenRunsProjection implements Projection {
  readonly name = 'sandbox-open-runs';
  readonly version = 1;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_sandbox_open_endpoint_runs (
      run_id       text PRIMARY KEY,
      requested_at timestamptz NOT NULL
    )`);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_sandbox_open_endpoint_runs');
  }

  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const e = toDomainEvent(event);
    if (!e) return; // not a registry event
    switch (e.type) {
      case 'SandboxRunRequested':
        if (e.data.mode === 'ENDPOINT')
          await tx.query('INSERT INTO rm_sandbox_open_endpoint_runs (run_id, requested_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
            e.data.runId,
            e.data.requestedAt,
          ]);
        return;
      case 'SandboxRunCompleted':
      case 'SandboxRunFailed':
        await tx.query('DELETE FROM rm_sandbox_open_endpoint_runs WHERE run_id = $1', [e.data.runId]);
        return;
      case 'FirmRegistered':
      case 'FirmRenamed':
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

  /** The open endpoint runs, oldest first. */
  static async openRuns(db: SqlExecutor): Promise<string[]> {
    const { rows } = await db.query<{ run_id: string }>('SELECT run_id FROM rm_sandbox_open_endpoint_runs ORDER BY requested_at, run_id');
    return rows.map((r) => r.run_id);
  }
}
