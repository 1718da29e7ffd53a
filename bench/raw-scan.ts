import { Client } from 'pg';

/**
 * The physical peer of a projection rebuild: the whole log in order, 500 rows per FETCH (the runner's first batch
 * size), every column the store reads (jsonb parsed by the driver). Used by bench:scale and bench:rebuild.
 */
export const rawScan = async (url: string): Promise<{ ms: number; rows: number }> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    await client.query(
      `DECLARE scan NO SCROLL CURSOR FOR SELECT global_position, transaction_id, stream_id, stream_version, event_id, type, data, metadata, schema_version, recorded_at
       FROM es_events ORDER BY transaction_id, global_position`,
    );
    let rows = 0;
    for (;;) {
      const page = await client.query('FETCH 500 FROM scan');
      rows += page.rowCount ?? 0;
      if (!page.rowCount) break;
    }
    await client.query('COMMIT');
    return { ms: performance.now() - started, rows };
  } finally {
    await client.end();
  }
};
