import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { applyRouted, EventHandlers } from '../infrastructure/event-routes';
import { Projection } from '@registry/projections';

/**
 * The endpoint runs that are requested and not yet completed or failed: what an instance resumes when it starts
 * (a run's calls live in the process that made them, so a restart would otherwise leave it REQUESTED for ever).
 */
@Injectable()
@ReadModelProjection()
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

  /** Endpoint runs open from their request until they complete or fail (see EVENT_ROUTES). */
  private readonly on: EventHandlers<'sandbox-open-runs'> = {
    SandboxRunRequested: async (e, tx) => {
      if (e.data.mode === 'ENDPOINT')
        await tx.query('INSERT INTO rm_sandbox_open_endpoint_runs (run_id, requested_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          e.data.runId,
          e.data.requestedAt,
        ]);
    },
    SandboxRunCompleted: (e, tx) => this.close(e.data.runId, tx),
    SandboxRunFailed: (e, tx) => this.close(e.data.runId, tx),
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }

  private async close(runId: string, tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_sandbox_open_endpoint_runs WHERE run_id = $1', [runId]);
  }

  /** The open endpoint runs, oldest first. */
  static async openRuns(db: SqlExecutor): Promise<string[]> {
    const { rows } = await db.query<{ run_id: string }>('SELECT run_id FROM rm_sandbox_open_endpoint_runs ORDER BY requested_at, run_id');
    return rows.map((r) => r.run_id);
  }
}
