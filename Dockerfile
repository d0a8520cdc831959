# syntax=docker/dockerfile:1
# One image for every spotlake service; the command picks the service (`service <name>`), so
# docker-compose.yml and the ECS task definitions run the same build. Node 22, as the AWS SDK's
# 2027 releases require. Nothing secret is copied in (.dockerignore); configuration is the
# environment at run time.

ARG NODE_IMAGE=node:22-bookworm-slim

# Production dependencies only. --ignore-scripts: `prepare` would build, and nothing at run time
# needs an install script (the prebuilt binaries of msgpackr-extract and lz4-napi come as optional
# packages).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The TypeScript build, with the dev dependencies that stay in this stage.
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    HEALTH_PORT=8081
WORKDIR /app
# zstd: the extractor compresses bronze with the zstd command and the s3-loader reads it back
# (BRONZE_CODEC, shared/lake/compression.ts).
RUN apt-get update \
  && apt-get install -y --no-install-recommends zstd \
  && rm -rf /var/lib/apt/lists/*
# Owned by root and read-only to the service user: a compromised process cannot rewrite the code.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY sql ./sql
# The RDS CA bundle, for PG_SSL_MODE=verify-full on AWS (NODE_EXTRA_CA_CERTS names it there).
ADD --chmod=644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /app/certs/rds-global-bundle.pem
USER node
# Each service answers GET /healthz on 127.0.0.1:$HEALTH_PORT; the check is a bare Node start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/bin/healthcheck.js"]
EXPOSE 8080
ENTRYPOINT ["node", "/app/bin/spotlake.js"]
CMD ["service", "api"]
