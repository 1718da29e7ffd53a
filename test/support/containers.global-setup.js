/**
 * Jest global setup of the integration and e2e tiers: where a container runtime (Docker, Podman, …) answers,
 * the PostgreSQL and KurrentDB the suites need are started with testcontainers; otherwise nothing starts and the
 * suites use the local PostgreSQL (PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres) and skip
 * the KurrentDB contract suite (it says why). A server named in the environment is always used as given:
 * PG_ADMIN_URL set → no PostgreSQL container; KURRENTDB_URL set → no KurrentDB container. TESTCONTAINERS=0 turns
 * containers off. Workers inherit the environment set here (they start after it).
 *
 * testcontainers 11 (its 12 and `@testcontainers/kurrentdb`, published only as 12.x, need Node >= 22.22; this
 * project runs on Node 20), so KurrentDB is a GenericContainer configured as `@testcontainers/kurrentdb` 12.1 does.
 */
const POSTGRES_IMAGE = process.env.TESTCONTAINERS_POSTGRES_IMAGE ?? 'postgres:16-alpine';
const KURRENTDB_IMAGE = process.env.TESTCONTAINERS_KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';

const state = (globalThis.__registryContainers ??= { started: [], decided: false });

const say = (line) => process.stderr.write(`\n[containers] ${line}\n`);
const pgliteImage = require('./pglite-image');

module.exports = async () => {
  await pgliteImage.prepare();
  // Several projects share this setup; decide (and start) once per jest process.
  if (state.decided) return;
  state.decided = true;
  const wantPostgres = !process.env.PG_ADMIN_URL;
  const wantKurrent = !process.env.KURRENTDB_URL;
  if (process.env.TESTCONTAINERS === '0' || (!wantPostgres && !wantKurrent)) return;

  const { getContainerRuntimeClient, GenericContainer, Wait } = require('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch (error) {
    say(`no container runtime (${error.message}): PostgreSQL suites use the local server, the KurrentDB suite is skipped`);
    return;
  }

  if (wantPostgres) {
    const { PostgreSqlContainer } = require('@testcontainers/postgresql');
    const postgres = await new PostgreSqlContainer(POSTGRES_IMAGE).withUsername('postgres').withDatabase('postgres').start();
    state.started.push(postgres);
    process.env.PG_ADMIN_URL = postgres.getConnectionUri();
    say(`PostgreSQL ${POSTGRES_IMAGE} started by testcontainers: ${process.env.PG_ADMIN_URL}`);
  }
  if (wantKurrent) {
    const kurrent = await new GenericContainer(KURRENTDB_IMAGE)
      .withExposedPorts(2113)
      .withEnvironment({ KURRENTDB_CLUSTER_SIZE: '1', KURRENTDB_RUN_PROJECTIONS: 'None', KURRENTDB_INSECURE: 'true' })
      .withStartupTimeout(120_000)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCodeMatching((code) => code >= 200 && code < 300))
      .start();
    state.started.push(kurrent);
    process.env.KURRENTDB_URL = `kurrentdb://${kurrent.getHost()}:${kurrent.getMappedPort(2113)}?tls=false`;
    say(`KurrentDB ${KURRENTDB_IMAGE} started by testcontainers: ${process.env.KURRENTDB_URL}`);
  }
};

module.exports.teardown = async () => {
  pgliteImage.cleanup();
  const started = state.started.splice(0);
  await Promise.all(started.map((c) => c.stop()));
};
