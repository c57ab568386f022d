# syntax=docker/dockerfile:1.7
#
# KAVI queue worker (BullMQ). No port: it reports its queues as CloudWatch EMF lines on stdout.
#
#   docker build -f docker/worker.Dockerfile -t kavi-worker .          (from the repository root)
#
# Same stages as docker/server.Dockerfile, with the worker's package.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
# Keep in step with "packageManager" in package.json.
ARG PNPM_VERSION=10.34.9
ENV CI=true
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /repo

FROM base AS build
COPY . .
RUN --mount=type=cache,id=kavi-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
RUN pnpm --filter @kavi/worker build \
 && test -f apps/worker/dist/main.js && test -f apps/worker/dist/telemetry.js

FROM build AS runtime-files
RUN --mount=type=cache,id=kavi-pnpm-store,target=/pnpm/store \
    rm -rf node_modules apps/*/node_modules packages/*/node_modules infra/*/node_modules bench/node_modules \
 && pnpm install --frozen-lockfile --prod --prefer-offline --store-dir /pnpm/store --filter "@kavi/worker..." \
 && sh docker/collect-runtime.sh /out apps/worker packages/*

FROM ${NODE_IMAGE} AS worker
ARG GIT_SHA=unknown
LABEL org.opencontainers.image.title="kavi-worker" \
      org.opencontainers.image.revision="${GIT_SHA}"
# tini forwards SIGTERM so BullMQ can finish the jobs in hand; procps provides pgrep for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini procps \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=runtime-files /out/ ./
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["pgrep", "-f", "apps/worker/dist/main.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "./apps/worker/dist/telemetry.js", "apps/worker/dist/main.js"]
