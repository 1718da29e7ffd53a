import { EVENT_STORE, EventStore, formatPosition } from '@registry/event-store';
import { ProjectionRunner } from '@registry/projections';
import { loadConfig } from '../../apps/registry-api/src/config/registry.config';
import { createRegistryApp, startupFailure } from '../../apps/registry-api/src/main';
import { rebuildRefusal } from './rebuild-guard';

/**
 * `registry rebuild <projection>`: opens the store exactly as the registry does (same configuration, same
 * projections, so the same tables), lets the ProjectionRunner throw the read model away and replay the log into it
 * (its own crash-safe rebuild: a rebuild interrupted half-way resumes on the next start), waits until the read
 * model has reached the log head as it was when the rebuild began, and closes. No HTTP port is opened.
 *
 * The embedded store (PGlite) is one process's database: when a running registry holds the data directory's
 * lock, opening it fails with DataDirInUseError and the rebuild is refused with that message. With PostgreSQL
 * (DATABASE_URL), running instances keep serving; they see the rebuilt rows once the rebuild commits its batches.
 */
export const rebuildProjection = async (name: string | undefined, timeoutMs: number): Promise<string> => {
  const refusal = rebuildRefusal(name);
  if (refusal) throw new Error(refusal);
  const config = loadConfig({ ...process.env, REGISTRY_SEED_DEMO: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  let app;
  try {
    app = await createRegistryApp({ ...config, maintenance: true });
  } catch (error) {
    throw new Error(`${startupFailure(error).replace(/^registry: /, '')}`);
  }
  try {
    const runner = app.get(ProjectionRunner);
    const names = [...runner.positions().keys()].sort();
    if (!name) return `projections: ${names.join(', ')}`;
    if (!names.includes(name)) throw new Error(`no projection named ${name}; there are: ${names.join(', ')}`);
    const head = await app.get<EventStore>(EVENT_STORE).headPosition();
    const started = Date.now();
    await runner.rebuild(name);
    await runner.waitFor(head, timeoutMs, [name]);
    return `rebuilt ${name} up to ${formatPosition(head)} in ${elapsed(Date.now() - started)} s (${config.store.kind === 'pglite' ? 'embedded store' : 'PostgreSQL'})`;
  } finally {
    await app.close();
  }
};

/** Seconds to two decimals under 10 s (a small read model rebuilds in hundredths), one above. */
const elapsed = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
