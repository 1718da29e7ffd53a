export * from './event-store.port';
export * from './event-store.errors';
export * from './log-position';
export * from './sql/sql-database';
export * from './sql/pglite-database';
export * from './sql/postgres-database';
export * from './sql/sql-event-store';
export * from './open-event-store';
