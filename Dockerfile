# syntax=docker/dockerfile:1

# ---- build: compile TypeScript and the native SQLite binding -------------------------------------------------
FROM node:24-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# ---- runtime: production dependencies and dist only, as a non-root user --------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    PORT=5002 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The status page at GET / (plain files served as they are).
COPY --chown=node:node public ./public
COPY --chown=node:node scripts/healthcheck.js ./scripts/healthcheck.js
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5002
# Slim images have no curl: a small node script asks /api/health (exit 0 on 200).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.js"]
# The same command `npm start` runs after its build step; node as PID 1 receives SIGTERM directly. An 8 MB young
# generation keeps the main thread's collections short while a full sync's records arrive (BENCHMARKS.md).
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
