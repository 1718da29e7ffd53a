import { setImmediate as nextTurn } from 'node:timers/promises';
import { SqlDatabase, SqlExecutor } from '@registry/event-store';
import { RecomputeTarget } from './readiness-invalidation';
import { ReadinessRowValues } from './readiness-rows';

export interface ReadinessRow {
  model_id: string;
  version: string;
  jurisdiction: string;
  use_case: string;
  status: string;
  valid_until: Date | null;
  computed_at: string;
}

/** Model versions judged per batch while the previous batch's rows are being inserted. */
const VERSIONS_PER_BATCH = 1000;
/**
 * From this many model versions written into an empty table (a first build, or every row after a change of rules),
 * the rows go in without the lookup index, which is built once at the end. Kept up row by row, its entries go to
 * every (jurisdiction, use case, status) run of the index at once and it was most of the insert's cost: 751,120 rows,
 * 4.1 s with it against 1.3 s without and 1.5 s to build it after (docs/benchmarks.md).
 */
const BULK_VERSIONS = 10_000;
const LOOKUP_INDEX = `CREATE INDEX IF NOT EXISTS rm_export_readiness_v1_lookup ON rm_export_readiness_v1 (jurisdiction, use_case, status, model_id, version)`;

/**
 * Versioned name: a change of shape gets a new table. Each update replaces whole model versions' rows in one
 * transaction, so several instances on one database converge on the same rows. The checkpoint row says up
 * to which log position, and under which verdict rules, the rows are current: a restart only recomputes what
 * the log gained since (a change of rules recomputes everything).
 */
export const createReadinessTable = async (db: SqlExecutor): Promise<void> => {
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1_guard (
      model_id text NOT NULL, version text NOT NULL, computed_at text NOT NULL, PRIMARY KEY (model_id, version))`);
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1_checkpoint (
      id boolean PRIMARY KEY DEFAULT true CHECK (id), position text NOT NULL, rules_version integer NOT NULL)`);
  await db.query(`CREATE TABLE IF NOT EXISTS rm_export_readiness_v1 (
      model_id text NOT NULL, version text NOT NULL, jurisdiction text NOT NULL, use_case text NOT NULL,
      status text NOT NULL, valid_until timestamptz, reconsider_at timestamptz, computed_at text NOT NULL,
      PRIMARY KEY (model_id, version, jurisdiction, use_case))`);
  await db.query(LOOKUP_INDEX);
};

/** The readiness table, its guard rows and its checkpoint: every statement the read model runs. */
export class ReadinessTable {
  constructor(private readonly db: Pick<SqlDatabase, 'query' | 'transaction'>) {}

  create(): Promise<void> {
    return createReadinessTable(this.db);
  }

  async checkpoint(): Promise<{ position: string; rulesVersion: number } | null> {
    const { rows } = await this.db.query<{ position: string; rules_version: number }>('SELECT position, rules_version FROM rm_export_readiness_v1_checkpoint');
    return rows[0] ? { position: rows[0].position, rulesVersion: rows[0].rules_version } : null;
  }

  async saveCheckpoint(position: string, rulesVersion: number): Promise<void> {
    await this.db.query(
      `INSERT INTO rm_export_readiness_v1_checkpoint (id, position, rules_version) VALUES (true, $1, $2)
       ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, rules_version = EXCLUDED.rules_version`,
      [position, rulesVersion],
    );
  }

  /** Drops every row (the verdict rules changed). */
  async clear(): Promise<void> {
    await this.db.query('DELETE FROM rm_export_readiness_v1');
    await this.db.query('DELETE FROM rm_export_readiness_v1_guard');
  }

  /** Keys (`modelId/version`) of versions with a row whose answer may have changed with time alone. */
  async due(): Promise<string[]> {
    const { rows } = await this.db.query<{ model_id: string; version: string }>(
      `SELECT DISTINCT model_id, version FROM rm_export_readiness_v1 WHERE reconsider_at <= now()`,
    );
    return rows.map((r) => `${r.model_id}/${r.version}`);
  }

  /**
   * Replaces these rows (computed at log position `computedAt`) in one transaction; returns the rows written.
   * `rowsOf` judges a batch of versions: it runs inside the transaction, one batch while the previous batch's
   * insert runs on the server (the first ones while the guard rows are upserted: rows of a version another instance
   * won the guard of are then dropped, never written).
   *
   * Several instances may recompute one model version at once (each follows the log on its own). The guard
   * row of each version serialises them (the upsert locks it until commit) and records the log position its
   * rows were computed at: a write computed at an earlier position than the guard's is skipped, so a lagging
   * instance never brings back an older answer (the newer one has seen every event the older one has).
   */
  async replace(
    targets: readonly RecomputeTarget[],
    computedAt: string,
    rowsOf: (batch: readonly RecomputeTarget[]) => readonly ReadinessRowValues[],
  ): Promise<number> {
    const keys = [...new Set(targets.map((t) => t.key))].sort();
    // In the table's key order (model, version): each batch's rows then go to the end of the primary key, and of each
    // (jurisdiction, use case, status) run of the lookup index, instead of all over them.
    const ordered = [...targets].sort(byModelVersion);
    let written = 0;
    await this.db.transaction(async (tx) => {
      const guarding = tx.query<{ key: string }>(
        `INSERT INTO rm_export_readiness_v1_guard AS g (model_id, version, computed_at)
         SELECT split_part(k, '/', 1), substr(k, strpos(k, '/') + 1), $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n
         ON CONFLICT (model_id, version) DO UPDATE SET computed_at = EXCLUDED.computed_at
           WHERE ${positionOf('g.computed_at')} <= ${positionOf('EXCLUDED.computed_at')}
         RETURNING model_id || '/' || version AS key`,
        [keys, computedAt],
      );
      // Judged while the server upserts the guard rows (half a second at 100k versions, when this thread had nothing to
      // do): the first batches, kept until it is known which versions this instance won; the rows of others are dropped.
      let guarded = false;
      const settled = guarding.then(
        () => (guarded = true),
        () => (guarded = true),
      );
      const early: (readonly ReadinessRowValues[])[] = [];
      let next = 0;
      while (!guarded && next < ordered.length) {
        early.push(rowsOf(ordered.slice(next, next + VERSIONS_PER_BATCH)));
        next += VERSIONS_PER_BATCH;
        await nextTurn(); // lets the guard's answer in
      }
      await settled;
      const ours = new Set((await guarding).rows.map((w) => w.key));
      const mine = ordered.filter((t) => ours.has(t.key));
      const whole = mine.filter((t) => t.jurisdictions === null).map((t) => t.key);
      const parts = mine.flatMap((t) => (t.jurisdictions ?? []).map((j) => `${t.key}#${j}`));
      if (whole.length) await tx.query(`DELETE FROM rm_export_readiness_v1 WHERE (model_id || '/' || version) = ANY($1::text[])`, [whole]);
      if (parts.length)
        await tx.query(`DELETE FROM rm_export_readiness_v1 WHERE (model_id || '/' || version || '#' || jurisdiction) = ANY($1::text[])`, [parts]);
      // A large build into an empty table goes in without the lookup index, built again before the commit; readers of the
      // table wait for the commit (they would wait for the rows anyway). The server then keeps up with the judge: with
      // the index kept up row by row the judge waited for it (docs/benchmarks.md, 26 Nov).
      const bulk =
        mine.length >= BULK_VERSIONS && (await tx.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM rm_export_readiness_v1) AS empty')).rows[0].empty;
      if (bulk) await tx.query('DROP INDEX IF EXISTS rm_export_readiness_v1_lookup');
      // Rows of the batches judged before the guard answered: only those of versions this instance won.
      const won = (rows: readonly ReadinessRowValues[]) => rows.filter((r) => ours.has(`${r.model_id}/${r.version}`));
      // The batches judged already, then the rest: batch n+1 judged while the server inserts batch n.
      let inserting: Promise<unknown> = Promise.resolve();
      const insert = async (rows: readonly ReadinessRowValues[]) => {
        await inserting;
        written += rows.length;
        inserting = rows.length ? insertRows(tx, rows, computedAt) : Promise.resolve();
      };
      try {
        for (const rows of early) await insert(won(rows));
        const rest = ordered.slice(next).filter((t) => ours.has(t.key));
        for (let i = 0; i < rest.length; i += VERSIONS_PER_BATCH) {
          const rows = rowsOf(rest.slice(i, i + VERSIONS_PER_BATCH));
          await insert(rows);
        }
        await inserting;
      } catch (error) {
        await inserting.catch(() => undefined); // settled before the transaction ends, never an unhandled rejection
        throw error;
      }
      if (bulk) await tx.query(LOOKUP_INDEX);
    });
    return written;
  }

  /** One page of a slice (jurisdiction × use case × status) by model version, and the slice's size. */
  async page(
    jurisdiction: string,
    useCase: string,
    status: string,
    first: number,
    after: string | undefined,
  ): Promise<{ rows: ReadinessRow[]; total: number }> {
    const [afterModel, afterVersion] = after === undefined ? [null, null] : splitKey(after);
    const { rows } = await this.db.query<ReadinessRow>(
      `SELECT model_id, version, jurisdiction, use_case, status, valid_until, computed_at FROM rm_export_readiness_v1
       WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 AND ($4::text IS NULL OR (model_id, version) > ($4::text, $5::text))
       ORDER BY model_id, version LIMIT $6`,
      [jurisdiction, useCase, status, afterModel, afterVersion, first + 1],
    );
    const { rows: count } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM rm_export_readiness_v1 WHERE jurisdiction = $1 AND use_case = $2 AND status = $3`,
      [jurisdiction, useCase, status],
    );
    return { rows, total: count[0].n };
  }

  /** Whether the slice has a row at or before the key (`modelId/version`) in the page order: a page after it has a previous page. */
  async hasAtOrBefore(jurisdiction: string, useCase: string, status: string, key: string): Promise<boolean> {
    const [modelId, version] = splitKey(key);
    const { rows } = await this.db.query<{ e: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM rm_export_readiness_v1
         WHERE jurisdiction = $1 AND use_case = $2 AND status = $3 AND (model_id, version) <= ($4::text, $5::text)) AS e`,
      [jurisdiction, useCase, status, modelId, version],
    );
    return rows[0].e;
  }
}

/**
 * A page key (`modelId/version`) as the pair the rows are ordered by. Compared as a pair, never as the joined text: a
 * model id may go on with a dash where another ends ('ab' and 'ab-c'), and '-' sorts before '/', so the joined text of
 * 'ab-c' sorts before that of 'ab' while the pair sorts after it (a page after 'ab' skipped 'ab-c'). Model ids hold no '/'.
 */
const splitKey = (key: string): [string, string] => {
  const slash = key.indexOf('/');
  return slash < 0 ? [key, ''] : [key.slice(0, slash), key.slice(slash + 1)];
};

/** Orders targets as the table's key (model id, then version), compared as the pair (see `splitKey`). */
const byModelVersion = (a: RecomputeTarget, b: RecomputeTarget): number => {
  const [am, av] = splitKey(a.key);
  const [bm, bv] = splitKey(b.key);
  return am < bm ? -1 : am > bm ? 1 : av < bv ? -1 : av > bv ? 1 : 0;
};

/** Separates the values of a column sent as one text (the ASCII unit separator); a batch with a value holding it goes as arrays. */
const US = '\u001f';
/** Where a column sent as one text is split again, and an empty value is the null of a nullable column. */
const split = (n: number, type: 'text' | 'timestamptz') =>
  type === 'text' ? `string_to_array($${n}, E'\\x1f')` : `string_to_array($${n}, E'\\x1f', '')::timestamptz[]`;
const JOINED_INSERT = `INSERT INTO rm_export_readiness_v1 (model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at, computed_at)
     SELECT m, v, j, u, s, vu, r, $8 FROM unnest(${[1, 2, 3, 4, 5].map((n) => split(n, 'text')).join(', ')}, ${split(6, 'timestamptz')}, ${split(7, 'timestamptz')})
       AS t(m, v, j, u, s, vu, r)`;
const ARRAY_INSERT = `INSERT INTO rm_export_readiness_v1 (model_id, version, jurisdiction, use_case, status, valid_until, reconsider_at, computed_at)
     SELECT m, v, j, u, s, vu, r, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       AS t(m, v, j, u, s, vu, r)`;

/** Whether every value can be sent joined: none empty (an empty text splits into no element) and none holding the separator. */
const joinable = (values: readonly (string | null)[]): boolean => values.every((v) => v === null || (v !== '' && !v.includes(US)));

/**
 * One statement per batch, each column one parameter. Joined into one text per column and split on the server: the
 * driver escapes every element of an array parameter one by one, which was 0.9 s of this thread at 751,120 rows
 * (0.3 s joined, docs/benchmarks.md). A batch with a value that cannot be joined goes as arrays.
 */
const insertRows = (tx: SqlExecutor, rows: readonly ReadinessRowValues[], computedAt: string) => {
  const columns = [
    rows.map((r) => r.model_id),
    rows.map((r) => r.version),
    rows.map((r) => r.jurisdiction),
    rows.map((r) => r.use_case),
    rows.map((r) => r.status),
    rows.map((r) => r.valid_until),
    rows.map((r) => r.reconsider_at),
  ];
  if (!columns.every(joinable)) return tx.query(ARRAY_INSERT, [...columns, computedAt]);
  return tx.query(JOINED_INSERT, [...columns.map((c) => c.map((v) => v ?? '').join(US)), computedAt]);
};

/** A log position stored as text ("txid.pos"), as a comparable SQL row value. */
const positionOf = (column: string) => `(split_part(${column}, '.', 1)::bigint, split_part(${column}, '.', 2)::bigint)`;
