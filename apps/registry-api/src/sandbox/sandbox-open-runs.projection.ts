import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { RecordedEvent, SqlExecutor } from '@registry/event-store';
import { SandboxRunCompleted, SandboxRunFailed, SandboxRunRequested } from '@registry/domain';
import { applyRouted, EventHandlers, routedTo } from '../infrastructure/event-routes';
import { Projection } from '@registry/projections';
import { RunFacts } from './sandbox.views';

/** A run's place in the log: where its request was appended (the list's sort key, newest first). */
export interface RunKey {
  readonly transactionId: string;
  readonly globalPosition: string;
}

/** One row of `rm_sandbox_runs`: the run folded as `runOf` folds its stream, and where its request sits in the log. */
interface RunRow {
  run_id: string;
  request_tx: string;
  request_pos: string;
  requested: SandboxRunRequested['data'];
  completed: SandboxRunCompleted['data'] | null;
  failed: SandboxRunFailed['data'] | null;
}

const factsOf = (row: RunRow): RunFacts => ({ requested: row.requested, completed: row.completed, failed: row.failed });
const keyOf = (row: RunRow): RunKey => ({ transactionId: row.request_tx, globalPosition: row.request_pos });

/**
 * The sandbox runs read model, from the three run events:
 * - `rm_sandbox_runs`: every run, by model version, folded as `sandboxRun(id)` folds its stream (`runOf`: the
 *   request, then the first completion or failure), so the `sandboxRuns` list and `sandboxRun` answer from the same
 *   facts through the same view;
 * - `rm_sandbox_open_endpoint_runs`: the endpoint runs requested and not yet completed or failed, what an instance
 *   resumes when it starts (a run's calls live in the process that made them, so a restart would otherwise leave it
 *   REQUESTED for ever).
 * Version 2 added the first table (a rebuild from position 0 fills it).
 */
@Injectable()
@ReadModelProjection()
export class SandboxOpenRunsProjection implements Projection {
  readonly name = 'sandbox-open-runs';
  /** Only the events routed to it are read (EVENT_ROUTES); the runner moves past the rest. */
  readonly eventTypes = routedTo(this.name);
  readonly version = 2;

  async setup(db: SqlExecutor): Promise<void> {
    await db.query(`CREATE TABLE IF NOT EXISTS rm_sandbox_open_endpoint_runs (
      run_id       text PRIMARY KEY,
      requested_at timestamptz NOT NULL
    )`);
    await db.query(`CREATE TABLE IF NOT EXISTS rm_sandbox_runs (
      run_id        text PRIMARY KEY,
      model_id      text NOT NULL,
      model_version text NOT NULL,
      request_tx    xid8 NOT NULL,
      request_pos   bigint NOT NULL,
      requested     jsonb NOT NULL,
      completed     jsonb,
      failed        jsonb
    )`);
    await db.query('CREATE INDEX IF NOT EXISTS rm_sandbox_runs_by_version ON rm_sandbox_runs (model_id, model_version, request_tx DESC, request_pos DESC)');
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM rm_sandbox_open_endpoint_runs');
    await tx.query('DELETE FROM rm_sandbox_runs');
  }

  /**
   * Every run is kept from its request; endpoint runs are open from their request until they complete or fail (see
   * EVENT_ROUTES). The first completion and the first failure are kept, as `runOf` keeps them (the run decider allows one outcome).
   */
  private readonly on: EventHandlers<'sandbox-open-runs'> = {
    SandboxRunRequested: async (e, tx, recorded) => {
      await tx.query(
        `INSERT INTO rm_sandbox_runs (run_id, model_id, model_version, request_tx, request_pos, requested)
         VALUES ($1, $2, $3, $4::text::xid8, $5::bigint, $6::jsonb) ON CONFLICT DO NOTHING`,
        [
          e.data.runId,
          e.data.modelId,
          e.data.modelVersion,
          recorded.position.transactionId.toString(),
          recorded.position.globalPosition.toString(),
          JSON.stringify(e.data),
        ],
      );
      if (e.data.mode === 'ENDPOINT')
        await tx.query('INSERT INTO rm_sandbox_open_endpoint_runs (run_id, requested_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          e.data.runId,
          e.data.requestedAt,
        ]);
    },
    SandboxRunCompleted: (e, tx) => this.finish(e.data.runId, 'completed', e.data, tx),
    SandboxRunFailed: (e, tx) => this.finish(e.data.runId, 'failed', e.data, tx),
  };

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return applyRouted(this.on, tx, event);
  }

  /** Records the run's outcome (the first of its kind) and closes it, in one statement. */
  private async finish(runId: string, column: 'completed' | 'failed', data: object, tx: SqlExecutor): Promise<void> {
    await tx.query(
      `WITH outcome AS (
         UPDATE rm_sandbox_runs SET ${column} = coalesce(${column}, $2::jsonb) WHERE run_id = $1
       )
       DELETE FROM rm_sandbox_open_endpoint_runs WHERE run_id = $1`,
      [runId, JSON.stringify(data)],
    );
  }

  /** The open endpoint runs, oldest first. */
  static async openRuns(db: SqlExecutor): Promise<string[]> {
    const { rows } = await db.query<{ run_id: string }>('SELECT run_id FROM rm_sandbox_open_endpoint_runs ORDER BY requested_at, run_id');
    return rows.map((r) => r.run_id);
  }

  /**
   * Up to `limit` runs of a model version, newest first (by their request's log position), after the run at `after`
   * (exclusive); with whether any of its runs sorts at or before `after` (Relay's hasPreviousPage) and how many it has.
   */
  static async runsOf(
    db: SqlExecutor,
    modelId: string,
    version: string,
    limit: number,
    after: RunKey | undefined,
  ): Promise<{ runs: { key: RunKey; facts: RunFacts }[]; before: boolean; total: number }> {
    const cut = after ? [after.transactionId, after.globalPosition] : [null, null];
    const { rows } = await db.query<RunRow>(
      `SELECT run_id, request_tx::text AS request_tx, request_pos::text AS request_pos, requested, completed, failed
         FROM rm_sandbox_runs
        WHERE model_id = $1 AND model_version = $2
          AND ($3::text IS NULL OR (request_tx, request_pos) < ($3::text::xid8, $4::bigint))
        ORDER BY request_tx DESC, request_pos DESC
        LIMIT $5`,
      [modelId, version, ...cut, limit],
    );
    const { rows: counts } = await db.query<{ total: number; before: boolean }>(
      `SELECT count(*)::int AS total,
              coalesce(bool_or($3::text IS NOT NULL AND (request_tx, request_pos) >= ($3::text::xid8, $4::bigint)), false) AS before
         FROM rm_sandbox_runs WHERE model_id = $1 AND model_version = $2`,
      [modelId, version, ...cut],
    );
    return { runs: rows.map((row) => ({ key: keyOf(row), facts: factsOf(row) })), before: counts[0].before, total: counts[0].total };
  }

  /** Every row as it is folded (for the rows-equal-the-fold check). */
  static async allRuns(db: SqlExecutor): Promise<Record<string, RunFacts>> {
    const { rows } = await db.query<RunRow>(
      'SELECT run_id, requested, completed, failed, request_tx::text AS request_tx, request_pos::text AS request_pos FROM rm_sandbox_runs',
    );
    return Object.fromEntries(rows.map((row) => [row.run_id, factsOf(row)]));
  }
}
