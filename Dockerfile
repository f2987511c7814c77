# codeaudit CLI image: `docker run --rm -v "$PWD:/repo" codeaudit audit . --out codeaudit-report`.
# Two stages: the build stage compiles TypeScript with the dev dependencies; the runtime stage has only the
# production dependencies, git (for --ref, --baseline <ref> and delta), and runs as the unprivileged `node` user.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# Install scripts run: the grammar packages set up their parsers, and `prepare` builds dist/.
RUN npm ci --no-audit --no-fund \
    && npm prune --omit=dev \
    && npm cache clean --force

FROM node:20.20.2-bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    # The audited folder is mounted from the host and owned by another user: let git read it.
    && git config --system --add safe.directory '*'
ENV NODE_ENV=production
WORKDIR /opt/codeaudit
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY schema ./schema
COPY docs ./docs
COPY LICENSE README.md ./
USER node
WORKDIR /repo
# A one-shot command-line tool, not a service: there is nothing for a health check to probe.
HEALTHCHECK NONE
ENTRYPOINT ["node", "/opt/codeaudit/bin/codeaudit.js"]
CMD ["audit", ".", "--out", "codeaudit-report"]
