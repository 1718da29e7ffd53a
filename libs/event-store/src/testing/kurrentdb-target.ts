import { existsSync } from 'node:fs';

/**
 * Where the KurrentDB contract suite runs: the server named by KURRENTDB_URL (set by the user, or by jest's
 * global setup when testcontainers started one: test/support/containers.global-setup.js), or nowhere, with the
 * reason. These project machines have no container runtime; the suite is then skipped (it never reports a pass
 * it did not earn).
 */
export const kurrentDbTarget = (env: NodeJS.ProcessEnv = process.env): { url: string } | { skipped: string } => {
  if (env.KURRENTDB_URL) return { url: env.KURRENTDB_URL };
  const docker = existsSync('/var/run/docker.sock') || !!env.DOCKER_HOST;
  return {
    skipped: docker
      ? 'KURRENTDB_URL is not set and testcontainers started no KurrentDB (a Docker socket exists: is the engine running? or `docker compose up -d kurrentdb` and KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false)'
      : 'KURRENTDB_URL is not set and there is no container runtime for testcontainers to start one: no KurrentDB server on this machine',
  };
};
