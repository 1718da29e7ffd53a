import { existsSync } from 'node:fs';

/**
 * Where the KurrentDB contract suite runs: the server named by KURRENTDB_URL, or nowhere, with the reason.
 * Starting one with testcontainers needs a Docker engine, which these machines do not have; the suite is
 * then skipped (it never reports a pass it did not earn).
 */
export const kurrentDbTarget = (env: NodeJS.ProcessEnv = process.env): { url: string } | { skipped: string } => {
  if (env.KURRENTDB_URL) return { url: env.KURRENTDB_URL };
  const docker = existsSync('/var/run/docker.sock') || !!env.DOCKER_HOST;
  return {
    skipped: docker
      ? 'KURRENTDB_URL is not set (a Docker socket exists: `docker compose up -d kurrentdb` and KURRENTDB_URL=kurrentdb://127.0.0.1:2113?tls=false runs it)'
      : 'KURRENTDB_URL is not set and there is no Docker engine to start one: no KurrentDB server on this machine',
  };
};
