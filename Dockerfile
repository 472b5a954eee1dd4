# syntax=docker/dockerfile:1
# The org-admin proxy as a container: `scim-unlock proxy` from the packed npm artifact, exactly as
# test/artifact installs and runs it (npm pack, then npm install --omit=dev of the tarball).
# Build: docker build -t scim-unlock .   Run: see deploy/compose and deploy/kubernetes.

FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# package.json overrides keytar (a transitive dev dependency) with this local stub.
COPY tools/keytar-stub tools/keytar-stub
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY docs/proxy-openapi.json docs/proxy-openapi.json
# prepack compiles dist/ (tsconfig.build.json); the tarball holds only dist/ and package.json.
RUN npm pack --pack-destination /pack \
 && mkdir /app \
 && cd /app \
 && echo '{"name":"scim-unlock-image","private":true}' > package.json \
 && npm install --omit=dev --no-audit --no-fund /pack/scim-unlock-*.tgz \
 && mkdir -p /state \
 && chown 65532:65532 /state \
 && chmod 0700 /state

# Distroless: node and CA certificates only, no shell, no package manager; runs as uid 65532.
FROM gcr.io/distroless/nodejs22-debian12:nonroot
WORKDIR /app
COPY --from=build /app/node_modules /app/node_modules
# The one writable place: the audit trail and the IdP sync's state file. Mount a volume here; the rest of
# the filesystem can be read-only (docker run --read-only, readOnlyRootFilesystem in Kubernetes).
COPY --from=build --chown=65532:65532 /state /var/lib/scim-unlock
VOLUME ["/var/lib/scim-unlock"]
ENV NODE_ENV=production \
    PROXY_HOST=0.0.0.0 \
    PORT=8080 \
    AUDIT_LOG_FILE=/var/lib/scim-unlock/audit.jsonl \
    SHUTDOWN_GRACE_SECONDS=25
# Secrets come in files, never in the environment: ATLASSIAN_ORG_API_KEY_FILE, SCIM_DIRECTORY_KEYS_FILE,
# PROXY_API_TOKENS_FILE, KEYCLOAK_CLIENT_SECRET_FILE (every variable X may be given as X_FILE).
USER 65532:65532
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=6s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "/app/node_modules/scim-unlock/dist/cli/main.js", "healthcheck"]
ENTRYPOINT ["/nodejs/bin/node", "/app/node_modules/scim-unlock/dist/cli/main.js"]
CMD ["proxy"]
