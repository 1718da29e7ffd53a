import { randomUUID } from 'node:crypto';
import { LOG_START, LogPosition, openEventStore, StoreConfig } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { BenchEvent, BenchTarget } from './target';

/** Our SqlEventStore, on PostgreSQL or PGlite, with the metadata every registry event carries. */
export const createOursTarget = async (name: string, config: StoreConfig): Promise<BenchTarget> => {
  const handle = await openEventStore(config);
  const store = handle.store;
  const metadata = (): CommandMetadata => ({
    actor: { subject: 'bench', role: 'REGISTRAR' },
    issuedAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
  });
  return {
    name,
    append: async (streamId: string, events: BenchEvent[], expectedVersion: number) => {
      await store.appendToStream(streamId, events, { expectedVersion, metadata: metadata() });
    },
    readAll: async (batchSize: number) => {
      let read = 0;
      let after: LogPosition = LOG_START;
      for (;;) {
        const page = await store.readAll({ after, limit: batchSize });
        if (!page.length) return read;
        read += page.length;
        after = page[page.length - 1].position;
      }
    },
    close: () => store.close(),
  };
};
