# syntax=docker/dockerfile:1
# One image, two roles: the HTTP API (the default command) and the worker (`tsx worker/main.ts`).
# The entry points run as TypeScript through tsx, which is why tsx is a production dependency.

FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
# Temporal's Rust core checks a cluster's TLS certificate (Temporal Cloud, mTLS) against the system CA store.
# Not pinned: the CA bundle is exactly what must track the base image's security updates.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# Sources stay root-owned and read-only to the service; tsx keeps its cache in /tmp.
COPY . .
# The workflow bundle is built once, here: workers start without webpack, and every replica of this image runs
# byte-identical workflow code (a worker bundling at start would rebuild it on each start).
RUN npm run build:bundle -- /app/dist/workflow-bundle.js
ENV CASEFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
# The base image's unprivileged `node` user, by number so that runAsNonRoot checks can verify it.
USER 1000:1000
EXPOSE 3000
CMD ["tsx", "server/main.ts"]
