import { Injectable } from '@nestjs/common';
import { ReadModelProjection } from '../infrastructure/read-model.decorator';
import { BareEvent, SqlExecutor } from '@registry/event-store';
import { certificationDecider, CertificationScope, CertificationState, Instant, Lapse, RegistryEventOf, RequirementResult } from '@registry/domain';
import { assertNever } from '@registry/kernel';
import { BatchEventHandlers, foldRouted, routedEvents, RoutedTo, routedTo } from '../infrastructure/event-routes';
import { BareProjection, emptyTables, PreparedBatch } from '@registry/projections';

/** A certification's state once issued: what the decider folds, and what a row gives back (`certificationStateOf`). */
export type IssuedCertificationState = Exclude<CertificationState, { status: 'NONE' }>;

/**
 * Row of the certifications read model: the filter columns, plus the rest of the certification's folded state
 * (`state`: what no column holds, see `StoredCertification`). `certificationStateOf(row)` is the decider's state again.
 */
export interface CertificationRow {
  certification_id: string;
  certifier_id: string;
  model_id: string;
  model_version: string;
  firm_id: string;
  /** The HK-AI framework version certified against (`frameworkVersion` of the issue; never changes). */
  framework_version: string;
  status: IssuedCertificationState['status'];
  /** `validUntil` as an instant, for the status filter (the exact string is in `state`). */
  valid_until: Date;
  state: StoredCertification;
  version: number;
}

/**
 * What a row stores of the folded state beside its columns (version 3; version 2 stored the decider's whole state,
 * ≈ 1.15 KB, twice this): not the id, certifier, model, model version, framework version and status, which the
 * columns hold; the results as one flat list (id, result, id, result, …) instead of an object each; a suspension,
 * a revocation and cited runs only when there are any. `validUntil` stays, as issued or renewed (the column is its
 * instant, which need not spell it the same).
 */
export interface StoredCertification {
  weightsDigest: string;
  auditReportDigest: string;
  scope: CertificationScope;
  results: string[];
  validFrom: Instant;
  validUntil: Instant;
  issuedAt: Instant;
  sandboxRunIds?: readonly string[];
  suspension?: Lapse;
  revocation?: Lapse;
}

/** The stored part of a folded state (see `StoredCertification`). */
export const storedCertification = (state: IssuedCertificationState): StoredCertification => {
  const c = state.certification;
  const results: string[] = [];
  for (const r of c.results) results.push(r.requirementId, r.result);
  const stored: StoredCertification = {
    weightsDigest: c.weightsDigest,
    auditReportDigest: c.auditReportDigest,
    scope: c.scope,
    results,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    issuedAt: c.issuedAt,
  };
  if (c.sandboxRunIds !== undefined) stored.sandboxRunIds = c.sandboxRunIds;
  if (state.suspension) stored.suspension = state.suspension;
  if (state.revocation) stored.revocation = state.revocation;
  return stored;
};

/** The decider's state of a row: its columns and its stored part put back together (the inverse of the two). */
export const certificationStateOf = (
  row: Pick<CertificationRow, 'certification_id' | 'certifier_id' | 'model_id' | 'model_version' | 'framework_version' | 'status' | 'state'>,
): IssuedCertificationState => {
  const s = row.state;
  const results: RequirementResult[] = [];
  for (let i = 0; i < s.results.length; i += 2) results.push({ requirementId: s.results[i], result: s.results[i + 1] as RequirementResult['result'] });
  return {
    status: row.status,
    certification: {
      certificationId: row.certification_id,
      certifierId: row.certifier_id,
      modelId: row.model_id,
      modelVersion: row.model_version,
      weightsDigest: s.weightsDigest,
      frameworkVersion: row.framework_version,
      scope: s.scope,
      results,
      auditReportDigest: s.auditReportDigest,
      validFrom: s.validFrom,
      validUntil: s.validUntil,
      issuedAt: s.issuedAt,
      ...(s.sandboxRunIds !== undefined ? { sandboxRunIds: s.sandboxRunIds } : {}),
    },
    suspension: s.suspension ?? null,
    revocation: s.revocation ?? null,
  };
};

/**
 * Certifications by id, searchable by model, model version, firm, certifier, framework version and status: the read
 * model behind `certifications`. Each row is the certification decider's own fold of the stream (evolve applied to the
 * row's state, `certificationStateOf`), stored as its columns plus the rest (`StoredCertification`), so the list and the
 * single-entity query build their answers from the same state.
 * A model's owner is kept alongside (`rm_certification_model_owners`) to file each certification under its firm.
 */
@Injectable()
@ReadModelProjection()
export class CertificationProjection implements BareProjection {
  readonly name = 'certifications';
  /** Reads no metadata nor recording time of its events: the runner leaves them out of its reads. */
  readonly bare = true;
  /** Only the events routed to it are read (EVENT_ROUTES); the runner moves past the rest. */
  readonly eventTypes = routedTo(this.name);
  /**
   * 2: `framework_version` (issue 9), filled for existing certifications by the rebuild the bump starts.
   * 3: `state` holds only what the columns do not (`StoredCertification`); the rebuild the bump starts rewrites every row.
   */
  readonly version = 3;

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
    ) WITH (fillfactor = ${FILLFACTOR})`);
    // A table of version 1 lacks the column: added empty here, filled by the rebuild that version 2 starts right after
    // setup. Looked up first, so that a start with the column present takes no ALTER TABLE lock.
    const { rows: column } = await db.query(
      `SELECT 1 FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'rm_certifications' AND column_name = 'framework_version'`,
    );
    if (!column.length) {
      await db.query(`ALTER TABLE rm_certifications ADD COLUMN IF NOT EXISTS framework_version text NOT NULL DEFAULT ''`);
      await db.query('ALTER TABLE rm_certifications ALTER COLUMN framework_version DROP DEFAULT');
    }
    // A table made before the fillfactor: set here (it applies to the pages written from now on, so a rebuild fills
    // them all). Looked up first, as the column above, so that a start with it set takes no lock.
    const { rows: options } = await db.query<{ fillfactor: boolean }>(
      `SELECT coalesce($1 = ANY (reloptions), false) AS fillfactor FROM pg_class WHERE oid = 'rm_certifications'::regclass`,
      [`fillfactor=${FILLFACTOR}`],
    );
    if (!options[0]?.fillfactor) await db.query(`ALTER TABLE rm_certifications SET (fillfactor = ${FILLFACTOR})`);
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_framework_version ON rm_certifications (framework_version, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_model ON rm_certifications (model_id, model_version, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_firm ON rm_certifications (firm_id, certification_id)');
    await db.query('CREATE INDEX IF NOT EXISTS rm_certifications_certifier ON rm_certifications (certifier_id, certification_id)');
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await emptyTables(tx, ['rm_certifications', 'rm_certification_model_owners']);
  }

  /**
   * Models (for their firm), then certifications, folded in memory over the batch's working set; every other event
   * leaves the tables as they are (see EVENT_ROUTES). Each handler does what one statement per event did before
   * (an INSERT of the owner ON CONFLICT DO NOTHING; an INSERT of the issued certification selecting its owner; an
   * UPDATE of a later event's certification, nothing when it has no row), so a batch ends with the rows the events
   * applied one by one would leave (the int-spec compares both).
   */
  private readonly on: BatchEventHandlers<'certifications', Working> = {
    ModelRegistered: (e, w) => {
      // The first owner stays: the model's stored owner if it has one (loaded for the batch's issues), else the first
      // registration in the batch; the INSERT … ON CONFLICT DO NOTHING keeps a stored one the batch did not load.
      if (w.owners.has(e.data.modelId)) return;
      w.owners.set(e.data.modelId, e.data.firmId);
      w.newOwners.set(e.data.modelId, e.data.firmId);
    },
    CertificationIssued: (e, w, recorded) => {
      const d = e.data;
      const firmId = w.owners.get(d.modelId);
      if (firmId === undefined) return; // no owner yet: as the INSERT … SELECT that found none, no row
      // Issued earlier in the batch, or stored and loaded for a later event: one statement per event would fail the batch on
      // the primary key; so does this (a stored one that was not loaded fails the INSERT of the issued rows).
      if (w.rows.has(d.certificationId)) throw new Error(`certifications read model: ${d.certificationId} is issued twice`);
      const state = certificationDecider.evolve(certificationDecider.initialState(), e) as IssuedCertificationState;
      w.rows.set(d.certificationId, {
        certification_id: d.certificationId,
        certifier_id: d.certifierId,
        model_id: d.modelId,
        model_version: d.modelVersion,
        firm_id: firmId,
        framework_version: d.frameworkVersion,
        state,
        version: recorded.streamVersion,
      });
      w.changed.add(d.certificationId);
    },
    CertificationSuspended: (e, w, recorded) => this.evolve(e, w, recorded),
    CertificationReinstated: (e, w, recorded) => this.evolve(e, w, recorded),
    CertificationRevoked: (e, w, recorded) => this.evolve(e, w, recorded),
    CertificationRenewed: (e, w, recorded) => this.evolve(e, w, recorded),
    CertificationScopeAmended: (e, w, recorded) => this.evolve(e, w, recorded),
  };

  /** One event: a batch of one (the runner calls `applyBatch`; this is for callers that have a single event). */
  apply(tx: SqlExecutor, event: BareEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  /** A batch applied in its transaction: prepared there (`prepareBatch`), then written. */
  async applyBatch(tx: SqlExecutor, events: readonly BareEvent[]): Promise<void> {
    await (await this.prepareBatch(tx, events, undefined)).write(tx);
  }

  /**
   * A batch in at most six statements whatever its length, instead of a SELECT and an UPDATE per event: load the
   * stored rows of the certifications its later events touch and the stored owners of the models it issues for (one
   * query each), fold its events over them in log order with the certification decider, then write the new owners
   * (one INSERT), the certifications it issued (one INSERT) and the stored ones it changed (one UPDATE), each once, as
   * it stands after the batch (`CertificationBatch.write`). A batch with none of this read model's events writes nothing.
   *
   * `pending`: the batch before, when this one is prepared while that one is written (the runner, while the read model
   * is behind); the rows and owners it holds are taken from it, since `db` may not show its writes yet.
   *
   * What a rebuild's time goes on (docs/benchmarks.md, Scale) and what this does about it:
   * - A certification only issued in the batch is not looked up: its INSERT has no ON CONFLICT, so one already stored
   *   fails the batch on the primary key, as the per-event INSERT did. One a later event of the batch touches is
   *   loaded even when the batch issues it too, so that an issue that writes nothing (no owner yet) leaves the later
   *   events to the stored row, as one event at a time does.
   * - The table keeps room on each page (FILLFACTOR), so that the later UPDATE of a row usually stays on its page
   *   and touches none of the five indexes (a HOT update).
   * - The batch commits without waiting for its WAL to reach the disk (`synchronous_commit = off`, this transaction
   *   only): the rows are derived from the log, and they and the checkpoint are in one transaction, so a server crash
   *   that loses the last commits loses both together and the runner applies those events again. The events
   *   themselves are appended with the default, durable commit.
   */
  async prepareBatch(db: SqlExecutor, events: readonly BareEvent[], pending: PreparedBatch | undefined): Promise<CertificationBatch> {
    const routed = routedEvents<'certifications'>(this.on, events);
    const work: Working = { owners: new Map(), newOwners: new Map(), rows: new Map(), changed: new Set() };
    if (!routed.length) return new CertificationBatch(work, new Set());
    const laterEventsOf = new Set<string>();
    const issuedFor = new Set<string>();
    for (const { event } of routed) {
      const touched = touches(event);
      if (touched.load !== undefined) laterEventsOf.add(touched.load);
      if (touched.ownerOf !== undefined) issuedFor.add(touched.ownerOf);
    }
    // The rows the batch before holds are as they stand after it, whether or not `db` shows its writes yet (copied:
    // this batch's fold replaces a row's state and version, and the batch before may still be writing from its own).
    const before = pending instanceof CertificationBatch ? pending : undefined;
    if (before)
      for (const id of laterEventsOf) {
        const row = before.rows.get(id);
        if (row) work.rows.set(id, { ...row });
      }
    // Owners: the stored one first, always read (the batch before may have registered a model again without loading
    // its stored owner, and the stored one stays); else the one the batch before registered, which `db` may not show yet.
    if (issuedFor.size) {
      const { rows } = await db.query<{ model_id: string; firm_id: string }>(
        'SELECT model_id, firm_id FROM rm_certification_model_owners WHERE model_id IN (SELECT jsonb_array_elements_text($1::jsonb))',
        [JSON.stringify([...issuedFor])],
      );
      for (const row of rows) work.owners.set(row.model_id, row.firm_id);
      if (before)
        for (const model of issuedFor) {
          const firm = before.newOwners.get(model);
          if (firm !== undefined && !work.owners.has(model)) work.owners.set(model, firm);
        }
    }
    const rowsToLoad = [...laterEventsOf].filter((id) => !work.rows.has(id));
    if (rowsToLoad.length) {
      const { rows } = await db.query<Omit<CertificationRow, 'valid_until'>>(
        `SELECT certification_id, certifier_id, model_id, model_version, firm_id, framework_version, status, state, version FROM rm_certifications
         WHERE certification_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(rowsToLoad)],
      );
      for (const row of rows)
        work.rows.set(row.certification_id, {
          certification_id: row.certification_id,
          certifier_id: row.certifier_id,
          model_id: row.model_id,
          model_version: row.model_version,
          firm_id: row.firm_id,
          framework_version: row.framework_version,
          state: certificationStateOf(row),
          version: row.version,
        });
    }
    const stored = new Set(work.rows.keys());
    for (const event of routed) foldRouted(this.on, work, event);
    return new CertificationBatch(work, stored);
  }

  /** A later event of a certification: its state evolved by the certification decider (nothing without a row). */
  private evolve(
    e: RegistryEventOf<'CertificationSuspended' | 'CertificationReinstated' | 'CertificationRevoked' | 'CertificationRenewed' | 'CertificationScopeAmended'>,
    w: Working,
    recorded: BareEvent,
  ): void {
    const row = w.rows.get(e.data.certificationId);
    if (!row) return;
    row.state = certificationDecider.evolve(row.state, e) as IssuedCertificationState;
    row.version = recorded.streamVersion;
    w.changed.add(e.data.certificationId);
  }
}

/**
 * Room left on each page of rm_certifications, in percent filled: a row is ≈ 0.7 KB, so a page keeps room for a few
 * later versions of its rows, written without touching the indexes (HOT).
 */
const FILLFACTOR = 70;

/** A certification's row as a batch holds it: the columns it never changes, its folded state and version. */
type StoredRow = Omit<CertificationRow, 'status' | 'valid_until' | 'state'> & { state: IssuedCertificationState };

/** What a batch folds over: the rows and owners it loaded or made, and which rows to write back. */
interface Working {
  /** Model → owning firm: stored (for the models the batch issues for) or registered earlier in the batch. */
  readonly owners: Map<string, string>;
  /** The owners registered in the batch, to insert. */
  readonly newOwners: Map<string, string>;
  /** Certification → its row as it stands after the events folded so far. */
  readonly rows: Map<string, StoredRow>;
  /** The certifications whose row an event of the batch changed or created. */
  readonly changed: Set<string>;
}

/**
 * A batch of the certifications read model loaded and folded (`CertificationProjection.prepareBatch`): its writes, as
 * statement parameters, and the rows and owners as they stand after it (for the batch prepared after it).
 */
class CertificationBatch implements PreparedBatch {
  /** The owners it registers (inserted unless one is stored already). */
  readonly newOwners: ReadonlyMap<string, string>;
  readonly rows: ReadonlyMap<string, StoredRow>;
  private readonly ownersJson: string | undefined;
  private readonly issued: string | undefined;
  private readonly changed: string | undefined;

  /** `stored`: the certifications whose row is stored before the batch (written back by UPDATE, the others by INSERT). */
  constructor(work: Working, stored: ReadonlySet<string>) {
    this.newOwners = work.newOwners;
    this.rows = work.rows;
    const issued: object[] = [];
    const changed: object[] = [];
    for (const id of work.changed) {
      const row = work.rows.get(id)!;
      const columns = { status: row.state.status, valid_until: row.state.certification.validUntil, state: storedCertification(row.state) };
      if (stored.has(id)) changed.push({ certification_id: id, ...columns, version: row.version });
      else issued.push({ ...row, ...columns });
    }
    this.ownersJson = work.newOwners.size ? JSON.stringify([...work.newOwners].map(([model_id, firm_id]) => ({ model_id, firm_id }))) : undefined;
    this.issued = issued.length ? JSON.stringify(issued) : undefined;
    this.changed = changed.length ? JSON.stringify(changed) : undefined;
  }

  async write(tx: SqlExecutor): Promise<void> {
    if (this.ownersJson === undefined && this.issued === undefined && this.changed === undefined) return;
    await tx.query('SET LOCAL synchronous_commit = off');
    if (this.ownersJson !== undefined)
      await tx.query(
        `INSERT INTO rm_certification_model_owners (model_id, firm_id)
         SELECT model_id, firm_id FROM jsonb_to_recordset($1::jsonb) AS r(model_id text, firm_id text)
         ON CONFLICT (model_id) DO NOTHING`,
        [this.ownersJson],
      );
    if (this.issued !== undefined)
      await tx.query(
        `INSERT INTO rm_certifications (certification_id, certifier_id, model_id, model_version, firm_id, framework_version, status, valid_until, state, version)
         SELECT certification_id, certifier_id, model_id, model_version, firm_id, framework_version, status, valid_until, state, version
         FROM jsonb_to_recordset($1::jsonb) AS r(certification_id text, certifier_id text, model_id text, model_version text, firm_id text,
           framework_version text, status text, valid_until timestamptz, state jsonb, version integer)`,
        [this.issued],
      );
    if (this.changed !== undefined)
      await tx.query(
        `UPDATE rm_certifications t SET status = r.status, valid_until = r.valid_until, state = r.state, version = r.version
         FROM jsonb_to_recordset($1::jsonb) AS r(certification_id text, status text, valid_until timestamptz, state jsonb, version integer)
         WHERE t.certification_id = r.certification_id`,
        [this.changed],
      );
  }
}

/**
 * What the batch must load for an event before the fold: the certification whose stored row a later event reads, the
 * model whose owner an issue looks up. An issue loads no row (see `applyBatch`). A switch over the routed types: a
 * new routed event fails to compile here too.
 */
const touches = (event: RegistryEventOf<RoutedTo<'certifications'>>): { load?: string; ownerOf?: string } => {
  switch (event.type) {
    case 'ModelRegistered':
      return {};
    case 'CertificationIssued':
      return { ownerOf: event.data.modelId };
    case 'CertificationSuspended':
    case 'CertificationReinstated':
    case 'CertificationRevoked':
    case 'CertificationRenewed':
    case 'CertificationScopeAmended':
      return { load: event.data.certificationId };
    default:
      return assertNever(event);
  }
};
