# tantou: one image for the api, the worker and the one-shot `migrate` job (docker-compose.yml).
# TypeScript runs through tsx (a runtime dependency), so there is no compile step.
# Debian (glibc), not Alpine: @temporalio/core-bridge ships prebuilt binaries for linux-gnu only.
# The web console (web/) is built in a stage of its own: Vite, React and Ant Design are devDependencies,
# and only the built web/dist goes into the image, where the api serves it at /console/.
FROM node:20-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY web web
RUN npx vite build --config web/vite.config.mts

FROM node:20-bookworm-slim

# Prisma is used engine-free (prisma.config.ts: JS engine + @prisma/adapter-pg, WASM query compiler).
# Pointing the engine overrides at any existing file stops the CLI downloading native engines, at build
# and at run time (`prisma migrate deploy`); cf. scripts/prisma.ts prismaEnv().
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    PRISMA_QUERY_ENGINE_LIBRARY=/app/package.json \
    PRISMA_SCHEMA_ENGINE_BINARY=/app/package.json

WORKDIR /app

# Production dependencies only (tsx, prisma and the Temporal worker's webpack/swc are all in
# "dependencies"). The npm 10 bundled with node:20 ignores package.json "allowScripts", so apply that
# policy by hand: no install scripts, then run only the allowed ones (prisma's are denied).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild esbuild @swc/core protobufjs \
 && npm cache clean --force

COPY . .
COPY --from=console /app/web/dist web/dist

# Generate @prisma/client into node_modules/.prisma. DATABASE_URL is a placeholder for this step only
# (nothing connects); the real one comes from the environment at run time.
RUN DATABASE_URL=postgresql://build:build@localhost:5432/build npx prisma generate

USER node
EXPOSE 3000
# Default: the api. docker-compose.yml overrides the command for `worker` and `migrate`.
CMD ["node", "--import", "tsx", "api/main.ts"]
