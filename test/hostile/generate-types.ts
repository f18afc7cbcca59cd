import { stringify } from 'yaml';
import { writeRepo, type Batch, type Entry, type HostileCase } from './repo.js';

/**
 * Manifests with the wrong type in every field the readers touch. A complete, valid object
 * of each kind is taken apart: every value at every path (maps, lists, list items and
 * scalars) is replaced, one at a time, by each of the values below. Each variant is one
 * document and one case; a reader may skip it, but must not throw.
 */
export const WRONG_VALUES: [string, unknown][] = [
  ['number', 42],
  ['negative', -1],
  ['infinity', Number.POSITIVE_INFINITY],
  ['string', 'not-the-type'],
  ['empty-string', ''],
  ['boolean', true],
  ['null', null],
  ['list', [1, 'two', { three: 3 }]],
  ['map', { unexpected: { nested: true } }],
  // A map whose keys shadow Object.prototype: String(value) on it throws.
  ['prototype-keys', { toString: 'x', valueOf: 'y', constructor: 'z', hasOwnProperty: 1 }],
];

const ENV = [
  { name: 'USERS_URL', value: 'http://users:3000' },
  { name: 'DERIVED', value: '$(USERS_URL)/v1' },
  { name: 'FROM_CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
  { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } },
  { name: 'FROM_FIELD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
];

const CONTAINER = {
  name: 'main',
  image: 'registry.example/app:1',
  ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
  env: ENV,
  envFrom: [{ prefix: 'P_', configMapRef: { name: 'cfg', optional: false } }, { secretRef: { name: 'sec' } }],
  livenessProbe: { httpGet: { path: '/health', port: 8080 } },
  readinessProbe: { tcpSocket: { port: 'http' } },
  startupProbe: { grpc: { port: 9000 } },
  resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
};

const POD_SPEC = { containers: [CONTAINER], initContainers: [{ name: 'init', image: 'busybox:1', env: [{ name: 'X', value: '1' }] }] };
const META = { name: 'NAME', namespace: 'shop', labels: { app: 'NAME' }, annotations: { 'example.com/a': 'b' } };

/** One complete object of every kind the Kubernetes readers read. */
export const K8S_OBJECTS: Record<string, Record<string, unknown>> = {
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: META, spec: { replicas: 2, selector: { matchLabels: { app: 'NAME' } }, template: { metadata: { labels: { app: 'NAME' }, annotations: { a: 'b' } }, spec: POD_SPEC } } },
  CronJob: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: META, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: POD_SPEC } } } } },
  Pod: { apiVersion: 'v1', kind: 'Pod', metadata: META, spec: POD_SPEC },
  Service: { apiVersion: 'v1', kind: 'Service', metadata: META, spec: { type: 'ClusterIP', selector: { app: 'NAME' }, externalName: 'x.example', ports: [{ port: 80, targetPort: 'http', name: 'http', appProtocol: 'http' }] } },
  Ingress: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...META, annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC' } },
    spec: {
      defaultBackend: { service: { name: 'web', port: { number: 80 } } },
      backend: { serviceName: 'web', servicePort: 80 },
      rules: [{ host: 'shop.example', http: { paths: [{ path: '/api', backend: { service: { name: 'api', port: { name: 'http' } } } }] } }],
    },
  },
  HTTPRoute: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: META, spec: { hostnames: ['shop.example'], rules: [{ matches: [{ path: { value: '/api' } }], backendRefs: [{ kind: 'Service', name: 'api', port: 80 }] }] } },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: META, spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 10 } },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...META, name: 'cfg' }, data: { k: 'http://orders:3000', other: 'x' } },
  Secret: { apiVersion: 'v1', kind: 'Secret', metadata: { ...META, name: 'sec' }, data: { k: 'eA==' }, stringData: { s: 'x' } },
  List: { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: META, spec: { ports: [{ port: 80 }] } }] },
};

/** Every path to a value inside `value`, parents before children. */
export function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...at, i], ...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push([...at, k], ...pathsOf(v, [...at, k]));
  return out;
}

function setIn(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (!at.length) return replacement;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  copy[head!] = setIn(copy[head!], rest, replacement);
  return copy;
}

/** Variants of one object: its name made unique, then one path replaced by one wrong value. */
export function variants(kind: string, object: Record<string, unknown>): { name: string; doc: unknown }[] {
  const out: { name: string; doc: unknown }[] = [];
  pathsOf(object).forEach((at, p) => {
    for (const [label, wrong] of WRONG_VALUES) {
      const name = `${kind.toLowerCase()}-${p}-${label}`;
      const named = JSON.parse(JSON.stringify(object).replaceAll('"NAME"', JSON.stringify(name))) as Record<string, unknown>;
      out.push({ name: `${kind} ${at.join('.')} = ${label}`, doc: setIn(named, at, wrong) });
    }
  });
  return out;
}

export const kubernetesWrongTypes: Batch = {
  id: 'k8s-wrong-types',
  options: { timeoutMs: 120_000 },
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    for (const [kind, object] of Object.entries(K8S_OBJECTS)) {
      const docs = variants(kind, object);
      const file = `k8s/${kind.toLowerCase()}.yaml`;
      entries[file] = docs.map((d) => stringify(d.doc, { aliasDuplicateObjects: false })).join('---\n');
      for (const d of docs) cases.push({ category: 'Kubernetes wrong types', name: d.name, file });
    }
    writeRepo(root, entries);
    return cases;
  },
};

/** One compose service with every field the compose reader reads. */
export const COMPOSE_SERVICE = {
  image: 'registry.example/app:1',
  build: { context: './app', dockerfile: 'Dockerfile', args: { A: '1' } },
  container_name: 'app-1',
  hostname: 'app',
  command: ['node', 'server.js'],
  environment: { USERS_URL: 'http://users:3000', EMPTY: null },
  env_file: [{ path: './app.env', required: false }],
  ports: ['8080:80', { target: 81, published: 8081, protocol: 'tcp' }],
  expose: ['9000'],
  depends_on: { db: { condition: 'service_healthy' } },
  links: ['db:database'],
  networks: { backend: { aliases: ['app-alias'] } },
  volumes: ['./data:/data', { type: 'bind', source: './conf', target: '/conf' }],
  labels: { 'com.example': 'x' },
  profiles: ['full'],
  healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost:80/health'], interval: '10s', disable: false },
  deploy: { replicas: 2, resources: { limits: { cpus: '0.5', memory: '256M' }, reservations: { cpus: '0.1', memory: '64M' } } },
  extends: { service: 'base' },
};

export const composeWrongTypes: Batch = {
  id: 'compose-wrong-types',
  options: { timeoutMs: 120_000 },
  build(root) {
    const entries: Record<string, Entry> = {};
    const cases: HostileCase[] = [];
    const project = { services: { app: COMPOSE_SERVICE, base: { image: 'base:1' }, db: { image: 'postgres:16' } }, networks: { backend: {} }, include: ['extra.yaml'] };
    pathsOf(project).forEach((at, p) => {
      for (const [label, wrong] of WRONG_VALUES) {
        const dir = `c${String(p).padStart(3, '0')}-${label}`;
        const file = `${dir}/compose.yaml`;
        entries[file] = stringify(setIn(project, at, wrong), { aliasDuplicateObjects: false });
        cases.push({ category: 'compose wrong types', name: `${at.join('.')} = ${label}`, file });
      }
    });
    writeRepo(root, entries);
    return cases;
  },
};
