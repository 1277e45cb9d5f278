# syntax=docker/dockerfile:1
# Build stage: every dependency (dev included), compiles the service and its migrations only
# (tsconfig.prod.json: no bench/, scripts/ or tests), then drops the dev dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.prod.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build:prod && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: the compiled service and migrations, production node_modules, nothing else.
FROM node:24-bookworm-slim AS runtime
# In a container the service must listen on every interface (the default, 127.0.0.1, is for the demo).
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
COPY --from=build --chown=node:node /app/dist/migrations ./dist/migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form, no shell: node is PID 1 and gets the runtime's SIGTERM itself.
CMD ["node", "dist/src/main.js"]
