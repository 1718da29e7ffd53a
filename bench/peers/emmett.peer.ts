/*
 * Benchmark peer: Emmett's PostgreSQL event store
 * (@event-driven-io/emmett-postgresql 0.42.0 on dumbo 0.12.7).
 *
 * Emmett functions used (all exported and public):
 *   - getPostgreSQLEventStore(connectionString, { connectionOptions: { pool } })
 *   - eventStore.schema.migrate(): runs Emmett's migrations up front so they are not timed.
 *     Without this call Emmett migrates lazily on the first append/read.
 *   - eventStore.appendToStream(streamName, events, { expectedStreamVersion })
 *   - readMessagesBatch(execute, { after, batchSize }): the same call and paging that Emmett's
 *     consumers (postgreSQLEventStoreMessageBatchPuller) use. We do not use the consumer itself:
 *     it sleeps between polls (100 ms before the 2nd batch, then pullingFrequencyInMs=50 ms),
 *     so its timing would measure those sleeps, not the reads.
 *   - dumbo({ connectionString, pool }) from @event-driven-io/dumbo (Emmett's SQL layer, a peer
 *     dependency) only to get the SQLExecutor that readMessagesBatch needs. It shares the same pg.Pool.
 *
 * What a benchmark reader must know:
 *   - Version mapping. An Emmett stream version is the number of events in the stream (bigint,
 *     1-based stream_position of the last event; PostgreSQLEventStoreDefaultStreamVersion = 0n
 *     means "no stream"). Our expectedVersion n maps to BigInt(n), and that includes 0 -> 0n.
 *     Do NOT map 0 to STREAM_DOES_NOT_EXIST: in 0.42.0 the PostgreSQL store turns
 *     STREAM_DOES_NOT_EXIST (and STREAM_EXISTS) into SQL NULL, which skips the version check.
 *     0n, by contrast, makes the stored procedure INSERT the stream row, and if the stream already
 *     exists the primary key fails with 23505. Emmett maps that error to ExpectedVersionConflictError.
 *     n > 0 does `UPDATE emt_streams ... WHERE stream_position = n`. If no row is updated, the
 *     append also throws ExpectedVersionConflictError (the error always reports current = -1).
 *   - Each append is one pooled connection doing BEGIN; SELECT * FROM emt_append_to_stream(...);
 *     COMMIT (3 round trips). The plpgsql function upserts a row in emt_streams (one row per
 *     stream; the stream version lives there) and then inserts into emt_messages (global_position
 *     comes from the sequence emt_global_message_position, and each row stores transaction_id =
 *     pg_current_xact_id()). Both tables are LIST-partitioned by `partition` ('emt:default').
 *     Event data and metadata are embedded as escaped SQL literals, so there are no bind
 *     parameters or prepared statements. Emmett also adds a uuid v7 messageId per event in JS.
 *     The stream type is the text before the first '-' in the stream name.
 *   - Emmett creates no index on emt_messages(transaction_id, global_position). Every
 *     readMessagesBatch page runs `WHERE partition = .. AND global_position >= after+1 AND
 *     transaction_id < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY transaction_id,
 *     global_position LIMIT batchSize`, which scans the partition and does a top-N sort. So
 *     readAll costs about O(N^2 / batchSize).
 *   - Paging keys on global_position (`after`) but sorts by (transaction_id, global_position). If
 *     concurrent writers committed in an order different from their sequence values, a page boundary
 *     can skip or repeat events. Compare readAll's count with the number of events appended.
 *     We measured this once: 8 writers appended 9,600 events, and readAll returned 8,282 (batch 1),
 *     9,623 (batch 10), 9,609 (batch 100) and 9,597 (batch 1000). A log written by one writer at a
 *     time reads back exactly. Upstream fixed this after 0.42.0 with a compound (transaction_id,
 *     global_position) checkpoint (event-driven-io/emmett PR #336, a breaking change).
 *   - Pool size. By default Emmett/dumbo creates `new pg.Pool({ connectionString, database })`, so
 *     pg's default max is 10. That pool is cached in a module-global map keyed by connection string.
 *     This adapter builds its own pg.Pool with an explicit `max` (option `poolSize`, default 10, the
 *     same default as our PostgresDatabase) and hands it to Emmett. Appends and reads share it.
 *     With N concurrent writers, use the same poolSize (>= N) for both peers.
 *   - Process-global side effect. Creating an Emmett store calls dumbo's setNodePostgresTypeParser(),
 *     which permanently changes `pg.types` for the whole process: int8 is parsed as BigInt, and
 *     json/jsonb are parsed by JSON.parse with a BigInt-reviving reviver (a reviver call per key).
 *     That affects every other pg user in the process, including our own store. Run this peer in its
 *     own process, or run our store before creating it.
 */
import pg from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { BenchTarget } from './target';

export interface EmmettTargetOptions {
  /** pg.Pool `max` used for both appends and reads (default 10, matching pg and our PostgresDatabase). */
  poolSize?: number;
}

export async function createEmmettTarget(connectionString: string, options: EmmettTargetOptions = {}): Promise<BenchTarget> {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  const eventStore = getPostgreSQLEventStore(connectionString, {
    connectionOptions: { pool },
  });
  // Executor over the same pg.Pool, for readMessagesBatch (the store does not expose its own).
  const reader = dumbo({ connectionString, pool });

  try {
    // Emmett caches the promise from this migrate() call, so later appends do not migrate again.
    await eventStore.schema.migrate();
  } catch (error) {
    await pool.end();
    throw error;
  }

  return {
    name: 'emmett-postgresql',

    async append(streamId, events, expectedVersion) {
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
        throw new RangeError(`expectedVersion must be a non-negative integer, got ${expectedVersion}`);
      }
      // Emmett turns an empty append into a (misleading) version-conflict error.
      if (events.length === 0) throw new Error('emmett peer: cannot append an empty batch');
      await eventStore.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data })),
        // 0 -> 0n (must not exist, enforced); n -> n (must have exactly n events). Never STREAM_DOES_NOT_EXIST.
        { expectedStreamVersion: BigInt(expectedVersion) },
      );
    },

    async readAll(batchSize) {
      if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
        throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
      }
      let after = 0n;
      let read = 0;
      // Same loop shape as postgreSQLEventStoreMessageBatchPuller, without the sleeps.
      for (;;) {
        const { messages, currentGlobalPosition, areMessagesLeft } = await readMessagesBatch(reader.execute, {
          after,
          batchSize,
        });
        read += messages.length;
        after = currentGlobalPosition;
        if (!areMessagesLeft) return read;
      }
    },

    async close() {
      // With an external pg.Pool, neither the store's nor dumbo's close() ends it, so end it here.
      await eventStore.close();
      await reader.close();
      await pool.end();
    },
  };
}
