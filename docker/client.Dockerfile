# syntax=docker/dockerfile:1.7
#
# KAVI web client (React + Vite): static files.
#
#   In AWS the files go to the SPA bucket behind CloudFront; extract them with
#     docker build -f docker/client.Dockerfile --target dist --output type=local,dest=apps/client/dist .
#   For docker-compose.yml, the `web` target serves them with nginx and proxies /api and /admin to
#   the server, as CloudFront does.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# Keep in step with "packageManager" in package.json.
ARG PNPM_VERSION=10.34.9
ENV CI=true
RUN npm install -g "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /repo
COPY . .
RUN --mount=type=cache,id=kavi-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
RUN pnpm --filter @kavi/client build \
 && test -f apps/client/dist/index.html

FROM scratch AS dist
COPY --from=build /repo/apps/client/dist/ /

FROM nginxinc/nginx-unprivileged:1.27-alpine AS web
# The API the proxy forwards /api and /admin to (nginx's envsubst template).
ENV KAVI_API_UPSTREAM=http://server:8000
COPY docker/nginx/kavi.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /repo/apps/client/dist/ /usr/share/nginx/html/
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
