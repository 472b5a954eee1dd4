/**
 * The deployment examples (Dockerfile, deploy/compose, deploy/kubernetes) are read as data and checked
 * against the code they run: the YAML parses, the proxy's own configuration loader accepts the
 * environment each one sets (secrets through `_FILE`), and the properties README "Deploy" promises hold
 * (one replica with Recreate, probes, non-root, read-only root filesystem, graceful stop longer than the
 * proxy's grace period). No container engine runs here; the image recipe runs the same commands as
 * test/artifact.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, proxyProcessSettings } from '../../../src/cli/commands/proxy';
import { loadConfig } from '../../../src/proxy/config';

const ROOT = path.join(__dirname, '..', '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? yamlFiles(path.join(dir, e.name))
      : /\.ya?ml$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

function parse(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  for (const d of docs) expect(d.errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
  return docs.map((d) => d.toJS() as Doc);
}

/** What a mounted secret file would hold: a valid value for the variable it stands for. */
const FILE_VALUES: Record<string, string> = {
  ATLASSIAN_ORG_API_KEY_FILE: 'example-org-api-key',
  SCIM_DIRECTORY_KEYS_FILE: JSON.stringify({ 'directory-1': 'example-scim-key' }),
  PROXY_API_TOKENS_FILE: JSON.stringify({ 'admin-cli': 'x'.repeat(40) }),
};

function loadWithFiles(env: Record<string, string>): ReturnType<typeof loadConfig> {
  const byPath = new Map(
    Object.entries(env)
      .filter(([k]) => k in FILE_VALUES)
      .map(([k, p]) => {
        return [p, FILE_VALUES[k] as string];
      }),
  );
  return loadConfig(env, (p) => {
    const value = byPath.get(p);
    if (value === undefined) throw new Error(`unexpected file ${p}`);
    return value;
  });
}

test('every YAML file under deploy/ parses', () => {
  const files = yamlFiles(DEPLOY);
  expect(files.length).toBeGreaterThanOrEqual(8);
  for (const f of files) expect(parse(f).length).toBeGreaterThan(0);
});

describe('deploy/kubernetes', () => {
  const dir = path.join(DEPLOY, 'kubernetes');
  const kustomization = parse(path.join(dir, 'kustomization.yaml'))[0] as Doc;
  const resources = (kustomization.resources as string[]).flatMap((r) => parse(path.join(dir, r)));
  const byKind = (kind: string): Doc => {
    const found = resources.filter((r) => r.kind === kind);
    expect(found).toHaveLength(1);
    return found[0] as Doc;
  };
  const deployment = byKind('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('one replica, replaced with Recreate, stopped more slowly than the proxy’s grace period', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const grace = Number(container.env.find((e: Doc) => e.name === 'SHUTDOWN_GRACE_SECONDS').value);
    expect(grace).toBe(DEFAULT_SHUTDOWN_GRACE_SECONDS);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(grace);
  });

  test('non-root, read-only root filesystem, the state volume the only writable mount', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    const writable = container.volumeMounts.filter((m: Doc) => m.readOnly !== true);
    expect(writable).toEqual([{ name: 'state', mountPath: '/var/lib/scim-unlock' }]);
    expect(pod.volumes.find((v: Doc) => v.name === 'state').persistentVolumeClaim.claimName).toBe(
      byKind('PersistentVolumeClaim').metadata.name,
    );
  });

  test('probes on /healthz and /readyz; the Service targets the container port', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    const service = byKind('Service');
    expect(service.spec.ports[0].targetPort).toBe('http');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  test('the proxy accepts the environment: ConfigMap, env and the Secret’s files', () => {
    const configMap = byKind('ConfigMap');
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
    const env: Record<string, string> = { ...configMap.data };
    for (const e of container.env as Doc[]) env[e.name] = e.value;
    const secretMount = container.volumeMounts.find((m: Doc) => m.name === 'secrets').mountPath;
    const secretVolume = pod.volumes.find((v: Doc) => v.name === 'secrets').secret;
    expect(secretVolume.secretName).toBe('scim-unlock-secrets');
    for (const [k, v] of Object.entries(env)) {
      // Secrets only as files under the Secret's mount; never as values in a manifest.
      if (k in FILE_VALUES) expect(path.dirname(v)).toBe(secretMount);
      expect(k).not.toMatch(
        /^(ATLASSIAN_ORG_API_KEY|SCIM_DIRECTORY_KEYS|PROXY_API_TOKENS|KEYCLOAK_CLIENT_SECRET)$/,
      );
    }
    expect(
      Object.keys(env)
        .filter((k) => k in FILE_VALUES)
        .sort(),
    ).toEqual(Object.keys(FILE_VALUES).sort());
    const config = loadWithFiles(env);
    expect(config.port).toBe(8080);
    expect(config.auditLogFile).toBe('/var/lib/scim-unlock/audit.jsonl');
    expect(proxyProcessSettings(env)).toEqual({ host: '0.0.0.0', graceMs: 25_000 });
  });

  test('the NetworkPolicy limits egress to DNS, Keycloak and public HTTPS', () => {
    const policy = byKind('NetworkPolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const ports = (policy.spec.egress as Doc[]).map((rule) =>
      rule.ports.map((p: Doc) => `${p.protocol}/${p.port}`),
    );
    expect(ports).toEqual([['UDP/53', 'TCP/53'], ['TCP/8443'], ['TCP/443']]);
    const publicRule = policy.spec.egress[2].to[0].ipBlock;
    expect(publicRule.except).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16', '192.168.0.0/16']),
    );
  });
});

describe('deploy/compose', () => {
  const compose = parse(path.join(DEPLOY, 'compose', 'compose.yaml'))[0] as Doc;
  const proxy = compose.services['scim-unlock'];

  test('the proxy runs read-only, unpublished, behind Caddy on 443, stopped after its grace period', () => {
    expect(proxy.read_only).toBe(true);
    expect(proxy.ports).toBeUndefined();
    expect(proxy.volumes).toEqual(['state:/var/lib/scim-unlock']);
    expect(Number(String(proxy.stop_grace_period).replace(/s$/, ''))).toBeGreaterThan(
      DEFAULT_SHUTDOWN_GRACE_SECONDS,
    );
    expect(compose.services.caddy.ports).toContain('443:443');
    expect(readFileSync(path.join(DEPLOY, 'compose', 'Caddyfile'), 'utf8')).toMatch(
      /reverse_proxy scim-unlock:8080/,
    );
  });

  test('the proxy accepts the environment, with every secret a compose secret file', () => {
    // `${VAR:?…}` and `${VAR:-}` stand for what .env gives; the example values of env.example.
    const example = Object.fromEntries(
      readFileSync(path.join(DEPLOY, 'compose', 'env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    example.ATLASSIAN_ORG_ID = 'example-org';
    example.FORGE_INSTALLATION_IDS = 'ari:cloud:ecosystem::installation/00000000-0000-0000-0000-000000000001';
    const env: Record<string, string> = {};
    for (const [k, raw] of Object.entries(proxy.environment as Record<string, string>)) {
      const m = /^\$\{([A-Z_]+)(?::[?-][^}]*)?\}$/.exec(raw);
      env[k] = m ? (example[m[1] as string] ?? '') : raw;
    }
    for (const [k, v] of Object.entries(env)) {
      if (!(k in FILE_VALUES)) continue;
      const name = path.basename(v);
      expect(proxy.secrets).toContain(name);
      expect(compose.secrets[name].file).toMatch(/^\.\/secrets\//);
    }
    // The image sets these (Dockerfile ENV).
    const config = loadWithFiles({ ...env, PROXY_HOST: '0.0.0.0', PORT: '8080' });
    expect(config.forgeAppId).toBe(example.FORGE_APP_ID);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };

  test('runs the packed artifact the way test/artifact installs it', () => {
    expect(dockerfile).toMatch(/npm pack --pack-destination/);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    const main = `/app/node_modules/scim-unlock/${pkg.bin['scim-unlock']}`;
    expect(dockerfile).toContain(`ENTRYPOINT ["/nodejs/bin/node", "${main}"]`);
    expect(dockerfile).toMatch(
      new RegExp(`HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD \\["/nodejs/bin/node", "${main}", "healthcheck"\\]`),
    );
    expect(dockerfile).toMatch(/^USER 65532:65532$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/var\/lib\/scim-unlock"\]$/m);
  });

  test('every path it copies from the context is let through .dockerignore', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] as string).split(' '),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources)
      expect(ignore).toMatch(new RegExp(`^!${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?$`, 'm'));
  });
});
