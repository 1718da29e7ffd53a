# syntax=docker/dockerfile:1
# The registry as a container: built with dev dependencies (SWC, codegen), run with production ones only,
# as the unprivileged `node` user. Not built on this project's dev machines (they have no Docker).
#   docker build -t hk-ai-registry .
#   docker run -p 3000:3000 -v registry-data:/data hk-ai-registry          # embedded PGlite in /data
# With PostgreSQL: docker compose up registry (docker-compose.yml).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# codegen + SWC into dist/, then drop the dev dependencies so the runtime stage copies only what runs.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REGISTRY_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Nest loads the SDL at start (schema-first); it is found by walking up from dist/.
COPY --from=build --chown=root:root /app/schema ./schema
# The code is root-owned and read-only to the process; only the data directory is writable by it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Liveness only (the process answers); orchestrators should route traffic on /health/ready.
# node:*-slim has no curl or wget: Node's own fetch does the probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node directly (not npm start, which rebuilds): SIGTERM reaches the registry, which drains and exits. A young
# generation of 32 MB semi-spaces, as npm start: half the scavenging of a first build (docs/benchmarks.md).
CMD ["node", "--max-semi-space-size=32", "dist/apps/registry-api/src/main.js"]
