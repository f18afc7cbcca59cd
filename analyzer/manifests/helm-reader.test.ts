import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { walkTree } from '../discover/index.js';
import { readHelmCharts } from './helm-reader.js';
import type { K8sObject } from './kubernetes-objects.js';
import { createReaderContext, type ReaderContext } from './reader-context.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/manifests/helm');

function contextFor(root: string): ReaderContext {
  return createReaderContext(walkTree(root), DEFAULT_CONFIG);
}

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archreview-helm-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function overview(objects: K8sObject[]): string[] {
  return objects.map((o) => {
    const meta = o.value.metadata as { name?: string };
    return `${o.file} ${String(o.value.kind)} ${meta.name} @${o.lineAt(['metadata', 'name'])} (${o.library})`;
  });
}

function find(objects: K8sObject[], file: string): K8sObject {
  const obj = objects.find((o) => o.file === file);
  if (!obj) throw new Error(`no object from ${file}`);
  return obj;
}

const ORDERS = 'deploy/helm/orders';
const USERS = 'deploy/helm/users';
const LABELS = (chart: string, version: string, appVersion: string) => ({
  'helm.sh/chart': `${chart}-${version}`,
  'app.kubernetes.io/name': chart,
  'app.kubernetes.io/instance': chart,
  'app.kubernetes.io/version': appVersion,
  'app.kubernetes.io/managed-by': 'Helm',
});

describe('readHelmCharts: two helm-create charts', () => {
  const ctx = contextFor(path.join(FIXTURES, 'two-charts'));
  const result = readHelmCharts(ctx);

  it('renders every manifest template with lines pointing into the templates', () => {
    expect(overview(result.objects)).toEqual([
      `${ORDERS}/templates/deployment.yaml Deployment orders @4 (helm)`,
      `${ORDERS}/templates/hpa.yaml HorizontalPodAutoscaler orders @5 (helm)`,
      `${ORDERS}/templates/ingress.yaml Ingress orders @5 (helm)`,
      `${ORDERS}/templates/service.yaml Service orders @4 (helm)`,
      `${ORDERS}/templates/serviceaccount.yaml ServiceAccount orders @5 (helm)`,
      `${USERS}/templates/deployment.yaml Deployment users @4 (helm)`,
      `${USERS}/templates/service.yaml Service users @4 (helm)`,
      `${USERS}/templates/serviceaccount.yaml ServiceAccount users @5 (helm)`,
    ]);
  });

  it('renders the orders Deployment: labels, image, env from a map range, ports, probes', () => {
    const deployment = find(result.objects, `${ORDERS}/templates/deployment.yaml`);
    const spec = deployment.value.spec as Record<string, any>;
    expect(deployment.value.metadata).toEqual({ name: 'orders', labels: LABELS('orders', '0.1.0', '1.16.0') });
    expect(spec.replicas).toBeUndefined(); // autoscaling is enabled
    expect(spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders' } });
    expect(spec.template.metadata).toEqual({ labels: { ...LABELS('orders', '0.1.0', '1.16.0'), team: 'checkout' } });
    expect(spec.template.spec.serviceAccountName).toBe('orders');
    expect(spec.template.spec.containers).toEqual([
      {
        name: 'orders',
        securityContext: {},
        image: 'ghcr.io/acme/orders:1.16.0',
        imagePullPolicy: 'IfNotPresent',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'USERS_URL', value: 'http://users:8080' },
          { name: 'DATABASE_URL', value: 'postgres://orders@orders-db:5432/orders' },
        ],
        livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
        readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
        resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
      },
    ]);
    const c = ['spec', 'template', 'spec', 'containers', 0];
    expect(deployment.lineAt([...c, 'image'])).toBe(37);
    expect([0, 1, 2].map((i) => deployment.lineAt([...c, 'env', i]))).toEqual([45, 45, 48]);
    expect(deployment.lineAt([...c, 'env', 1, 'value'])).toBe(46);
    expect(deployment.lineAt([...c, 'ports', 0, 'containerPort'])).toBe(41);
    expect(deployment.lineAt([...c, 'resources', 'limits', 'memory'])).toBe(55);
    expect(deployment.lineAt(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe(6);
    expect(deployment.lineAt(['spec', 'template', 'metadata', 'labels', 'team'])).toBe(23);
  });

  it('renders the users Deployment: env from a list range and toYaml, replicas from values', () => {
    const deployment = find(result.objects, `${USERS}/templates/deployment.yaml`);
    const spec = deployment.value.spec as Record<string, any>;
    expect(spec.replicas).toBe(3);
    const container = spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/acme/users:2.4.1');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.env).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'ORDERS_EVENTS_TOPIC', value: 'orders.events' },
      { name: 'CACHE_TTL_SECONDS', value: '60' },
    ]);
    const env = ['spec', 'template', 'spec', 'containers', 0, 'env'];
    expect([0, 1, 2].map((i) => deployment.lineAt([...env, i]))).toEqual([46, 46, 50]);
    expect(deployment.lineAt(['spec', 'replicas'])).toBe(9);
  });

  it('renders Service, HPA and Ingress of orders', () => {
    expect(find(result.objects, `${ORDERS}/templates/service.yaml`).value.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ port: 8080, targetPort: 'http', protocol: 'TCP', name: 'http' }],
      selector: { 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders' },
    });
    const hpa = find(result.objects, `${ORDERS}/templates/hpa.yaml`);
    expect(hpa.value.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(hpa.lineAt(['spec', 'metrics', 0])).toBe(17);
    const ingress = find(result.objects, `${ORDERS}/templates/ingress.yaml`);
    expect(ingress.value.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: { paths: [{ path: '/orders', pathType: 'Prefix', backend: { service: { name: 'orders', port: { number: 8080 } } } }] },
        },
      ],
    });
    expect(ingress.lineAt(['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port', 'number'])).toBe(40);
  });

  it('lists the contributing files and claims every file of both charts', () => {
    expect(result.files).toEqual([
      `${ORDERS}/Chart.yaml`,
      `${ORDERS}/templates/deployment.yaml`,
      `${ORDERS}/templates/hpa.yaml`,
      `${ORDERS}/templates/ingress.yaml`,
      `${ORDERS}/templates/service.yaml`,
      `${ORDERS}/templates/serviceaccount.yaml`,
      `${ORDERS}/values.yaml`,
      `${USERS}/Chart.yaml`,
      `${USERS}/templates/deployment.yaml`,
      `${USERS}/templates/service.yaml`,
      `${USERS}/templates/serviceaccount.yaml`,
      `${USERS}/values.yaml`,
    ]);
    const orders = [...result.claimed].filter((f) => f.startsWith(`${ORDERS}/`)).map((f) => f.slice(ORDERS.length + 1));
    expect(orders.sort()).toEqual([
      '.helmignore',
      'Chart.yaml',
      'templates/NOTES.txt',
      'templates/_helpers.tpl',
      'templates/deployment.yaml',
      'templates/hpa.yaml',
      'templates/ingress.yaml',
      'templates/service.yaml',
      'templates/serviceaccount.yaml',
      'templates/tests/test-connection.yaml',
      'values.yaml',
    ]);
    expect(result.claimed.size).toBe(22);
  });

  it('says what it assumed and what it left out', () => {
    expect(ctx.diagnostics).toEqual([
      { level: 'info', code: 'helm-test-hook', file: `${ORDERS}/templates/tests/test-connection.yaml`, message: 'Helm test hooks not read: orders-test-connection (Pod)' },
      {
        level: 'info',
        code: 'helm-release-name',
        file: `${ORDERS}/Chart.yaml`,
        message: 'rendered as release "orders" (the chart name) in namespace "default"; names built from the release name may differ once installed',
      },
      { level: 'info', code: 'helm-test-hook', file: `${USERS}/templates/tests/test-connection.yaml`, message: 'Helm test hooks not read: users-test-connection (Pod)' },
      {
        level: 'info',
        code: 'helm-release-name',
        file: `${USERS}/Chart.yaml`,
        message: 'rendered as release "users" (the chart name) in namespace "default"; names built from the release name may differ once installed',
      },
    ]);
  });
});

describe('readHelmCharts: a chart with expressions it cannot render', () => {
  const ctx = contextFor(path.join(FIXTURES, 'unrenderable'));
  const result = readHelmCharts(ctx);

  it('still renders the rest of the chart, and not the vendored subchart', () => {
    expect(overview(result.objects)).toEqual([
      'chart/templates/deployment.yaml Deployment payments @4 (helm)',
      'chart/templates/pdb.yaml PodDisruptionBudget payments @8 (helm)',
      'chart/templates/service.yaml Service payments @4 (helm)',
    ]);
    expect(result.claimed.has('chart/charts/redis/templates/statefulset.yaml')).toBe(true);
    expect(result.claimed.has('chart/templates/configmap.yaml')).toBe(true);
    expect(result.files).toEqual(['chart/Chart.yaml', 'chart/templates/deployment.yaml', 'chart/templates/pdb.yaml', 'chart/templates/service.yaml', 'chart/values.yaml']);
  });

  it('renders what it can of the Deployment and leaves the rest empty', () => {
    const deployment = find(result.objects, 'chart/templates/deployment.yaml');
    const spec = deployment.value.spec as Record<string, any>;
    expect(deployment.value.metadata).toEqual({ name: 'payments', annotations: { 'checksum/config': null } });
    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.template.spec.hostAliases).toEqual([{ ip: '127.0.0.1', hostnames: null }]);
    const container = spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example.com/acme/payments:2.0.1');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9090 }]);
    expect(container.env).toEqual([
      { name: 'ORDERS_URL', value: null },
      { name: 'PAYMENT_PROVIDER_URL', value: 'https://api.stripe.example/v1' },
      { name: 'LEDGER_URL', value: 'http://ledger:9000' },
      { name: 'REGION', value: 'EU-WEST-1' },
      { name: 'ENV_KEYS', value: null },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: null, key: 'password' } } },
    ]);
  });

  it('gives one diagnostic per template listing what it could not render', () => {
    expect(ctx.diagnostics).toEqual([
      { level: 'info', code: 'helm-subchart', file: 'chart/Chart.yaml', message: 'subcharts and dependencies not rendered: postgresql, redis' },
      {
        level: 'warning',
        code: 'helm-unrendered',
        file: 'chart/templates/configmap.yaml',
        line: 7,
        message: 'rendered template is not valid YAML: Implicit keys need to be on a single line',
      },
      {
        level: 'warning',
        code: 'helm-unrendered',
        file: 'chart/templates/deployment.yaml',
        line: 6,
        message:
          'could not render: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}, ' +
          '{{ if semverCompare ">=1.25-0" .Capabilities.KubeVersion.GitVersion }}, ' +
          '{{ range splitList "," .Values.extraHosts }}, ' +
          '{{ tpl .Values.ordersUrl . | quote }}, ' +
          '{{ .Values.env | keys | sortAlpha | join "," | quote }}, ' +
          '{{ (lookup "v1" "Secret" .Release.Namespace "payments-db").metadata.name | default "payments-db" }}; ' +
          'if/with blocks whose condition could not be evaluated were rendered as true; ' +
          'ranges over what could not be evaluated were skipped',
      },
      {
        level: 'warning',
        code: 'helm-unrendered',
        file: 'chart/templates/pdb.yaml',
        line: 1,
        message: 'could not render: {{ if .Capabilities.APIVersions.Has "policy/v1" }}; if/with blocks whose condition could not be evaluated were rendered as true',
      },
      {
        level: 'info',
        code: 'helm-release-name',
        file: 'chart/Chart.yaml',
        message: 'rendered as release "payments" (the chart name) in namespace "default"; names built from the release name may differ once installed',
      },
    ]);
  });
});

describe('readHelmCharts: edge cases', () => {
  const deployment = (image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "api.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;

  it('applies nameOverride / fullnameOverride like the helm create helpers', () => {
    const dir = tempRepo({
      'a/Chart.yaml': 'name: api\nversion: 1.0.0\n',
      'a/values.yaml': 'nameOverride: web\n',
      'a/templates/d.yaml': deployment('{{ include "api.name" . }}'),
      'b/Chart.yaml': 'name: api\nversion: 1.0.0\n',
      'b/values.yaml': 'fullnameOverride: edge-proxy\n',
      'b/templates/d.yaml': deployment('x'),
    });
    const ctx = contextFor(dir);
    const result = readHelmCharts(ctx);
    expect(result.objects.map((o) => [o.file, (o.value.metadata as { name: string }).name])).toEqual([
      ['a/templates/d.yaml', 'api-web'],
      ['b/templates/d.yaml', 'edge-proxy'],
    ]);
    expect(ctx.diagnostics.map((d) => `${d.code} ${d.file}`)).toEqual(['helm-release-name a/Chart.yaml']);
  });

  it('reads a chart at the root, skips library charts and names a chart without a name after its folder', () => {
    const root = tempRepo({ 'Chart.yaml': 'name: api\nversion: 1.0.0\n', 'templates/d.yaml': deployment('api:1') });
    expect(overview(readHelmCharts(contextFor(root)).objects)).toEqual(['templates/d.yaml Deployment api @4 (helm)']);

    const dir = tempRepo({
      'lib/Chart.yaml': 'name: common\ntype: library\nversion: 1.0.0\n',
      'lib/templates/_names.tpl': '{{- define "common.name" -}}x{{- end }}\n',
      'noname/Chart.yaml': 'version: 1.0.0\n',
      'noname/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}-config\n',
    });
    const ctx = contextFor(dir);
    const result = readHelmCharts(ctx);
    expect(overview(result.objects)).toEqual(['noname/templates/cm.yaml ConfigMap noname-config @4 (helm)']);
    expect(ctx.diagnostics).toEqual([
      { level: 'info', code: 'helm-library-chart', file: 'lib/Chart.yaml', message: 'library chart "common" has no manifests of its own; not rendered' },
      { level: 'warning', code: 'helm-chart-invalid', file: 'noname/Chart.yaml', message: 'Chart.yaml has no name; using "noname"' },
    ]);
  });

  it('keeps the valid documents of a template whose other document does not parse, and survives bad values', () => {
    const dir = tempRepo({
      'c/Chart.yaml': 'name: c\nversion: 1.0.0\n',
      'c/values.yaml': 'a: [unclosed\n',
      'c/templates/two.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  x: [\n---\n{{/* second */}}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n',
      'c/templates/binary.yaml': '\u0000\u0001{{\u0000}}',
      'c/templates/garbage.yaml': 'kind: [\n{{ ( }}\n{{ end',
    });
    const ctx = contextFor(dir);
    const result = readHelmCharts(ctx);
    expect(overview(result.objects)).toEqual(['c/templates/two.yaml ConfigMap good @11 (helm)']);
    expect(ctx.diagnostics.map((d) => `${d.level} ${d.code} ${d.file}:${d.line}`)).toEqual([
      'error yaml-parse c/values.yaml:2',
      'warning binary-file c/templates/binary.yaml:undefined',
      'warning helm-unrendered c/templates/garbage.yaml:2',
      'warning helm-unrendered c/templates/garbage.yaml:3',
      'warning helm-unrendered c/templates/two.yaml:6',
    ]);
  });

  it('refuses cyclic values and survives a __proto__ key and long white space runs', () => {
    const dir = tempRepo({
      'c/Chart.yaml': 'name: c\nversion: 1.0.0\n__proto__:\n  polluted: yes\n',
      'c/values.yaml': 'loop: &x\n  self: *x\n',
      'c/templates/cm.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: {{ .Chart.Name }}',
        'data:',
        '  a: {{ .Values.loop | quote }}',
        '  b: {{ .Values.loop | toJson | quote }}',
        `  c: "{{ .Chart.polluted }}" #${' '.repeat(200_000)}x`,
        '  {{- "" }}',
      ].join('\n'),
    });
    const ctx = contextFor(dir);
    const started = Date.now();
    const result = readHelmCharts(ctx);
    expect(Date.now() - started).toBeLessThan(2000);
    // A value that contains itself has no end once aliases are expanded: values.yaml is refused, .Values.loop is unset.
    expect(result.objects.map((o) => o.value.data)).toEqual([{ a: null, b: 'null', c: '' }]);
    expect(ctx.diagnostics.map((d) => `${d.code} ${d.line} ${d.message}`)).toEqual([
      'yaml-alias-cycle 1 refused: an alias refers to a value that contains it, so the document has no end (limits.maxNestingDepth)',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stops rendering at the output limit and says so', () => {
    const dir = tempRepo({
      'c/Chart.yaml': 'name: c\nversion: 1.0.0\n',
      'c/values.yaml': `items: [${Array.from({ length: 50 }, (_v, i) => i).join(', ')}]\n`,
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n{{- range .Values.items }}\n  k{{ . }}: "{{ . }}"\n{{- end }}\n',
    });
    const ctx = contextFor(dir);
    readHelmCharts(ctx, { maxOutput: 5 * 1024 * 1024, maxIterations: 10 });
    readHelmCharts(ctx, { maxOutput: 200, maxIterations: 1000 });
    expect(ctx.diagnostics.map((d) => `${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([
      'helm-unrendered c/templates/cm.yaml:6 could not render: {{ range .Values.items }} (stopped after 10 iterations, limits.maxTemplateIterations)',
      'helm-unrendered c/templates/cm.yaml:7 rendered output larger than 200 characters (limits.maxTemplateOutputBytes); the rest of the template was not read',
    ]);
  });
});
