# syntax=docker/dockerfile:1.7
#
# KAVI API server. The same image runs the one-off migration task
# (`node packages/db/dist/migrate.js`, the Kavi-<Env>-Migrations task definition).
#
#   docker build -f docker/server.Dockerfile -t kavi-server .          (from the repository root)
#
# Stages: workspace (all dependencies; also runs the dev tools in docker-compose.yml) → build (the
# package scripts CI runs) → runtime-files (production dependencies only) → server (what ships).

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Keep in step with "packageManager" in package.json (pnpm would otherwise fetch that version itself).
ARG PNPM_VERSION=10.34.9
ENV CI=true
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /repo

FROM base AS workspace
COPY . .
RUN --mount=type=cache,id=kavi-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store

FROM workspace AS build
RUN pnpm --filter @kavi/db build \
 && pnpm --filter @kavi/server build \
 && test -f apps/server/dist/main.js && test -f apps/server/dist/telemetry.js && test -f packages/db/dist/migrate.js

FROM build AS runtime-files
# Reinstall production dependencies only, for the server and what it and migrate.js import.
RUN --mount=type=cache,id=kavi-pnpm-store,target=/pnpm/store \
    rm -rf node_modules apps/*/node_modules packages/*/node_modules infra/*/node_modules bench/node_modules \
 && pnpm install --frozen-lockfile --prod --prefer-offline --store-dir /pnpm/store \
      --filter "@kavi/server..." --filter "@kavi/db..." \
 && sh docker/collect-runtime.sh /out apps/server packages/*

FROM ${NODE_IMAGE} AS server
ARG GIT_SHA=unknown
LABEL org.opencontainers.image.title="kavi-server" \
      org.opencontainers.image.revision="${GIT_SHA}"
# tini: forwards SIGTERM to node (graceful shutdown) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=8000
WORKDIR /app
# Owned by root, run as node: the process cannot modify its own code.
COPY --from=runtime-files /out/ ./
USER node
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# Tracing registers its module hooks first; it does nothing unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
CMD ["node", "--import", "./apps/server/dist/telemetry.js", "apps/server/dist/main.js"]
