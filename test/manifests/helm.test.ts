import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { walkTree } from '../../analyzer/discover/index.js';
import { readHelmCharts } from '../../analyzer/manifests/helm-reader.js';
import { readKubernetesObjects } from '../../analyzer/manifests/kubernetes-reader.js';
import { createReaderContext } from '../../analyzer/manifests/reader-context.js';
import { analyze } from '../../analyzer/run.js';
import type { Fact } from '../../analyzer/types/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/manifests/helm');
const TWO_CHARTS = path.join(FIXTURES, 'two-charts');
const DEPLOYMENT = 'deploy/helm/orders/templates/deployment.yaml';

function helmFacts(root: string): Fact[] {
  const ctx = createReaderContext(walkTree(root), DEFAULT_CONFIG);
  const helm = readHelmCharts(ctx);
  return readKubernetesObjects(helm.objects, ctx.diagnostics);
}

const ofKind = <K extends Fact['kind']>(facts: Fact[], kind: K) => facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);

describe('helm charts → Kubernetes facts', () => {
  const facts = helmFacts(TWO_CHARTS);

  it('gives each chart a manifest-service with its image, from the template', () => {
    expect(ofKind(facts, 'manifest-service').map((f) => [f.name, f.workload, f.image, f.replicas, f.library, `${f.file}:${f.line}`])).toEqual([
      ['orders', 'Deployment', 'ghcr.io/acme/orders:1.16.0', 1, 'helm', `${DEPLOYMENT}:4`],
      ['users', 'Deployment', 'ghcr.io/acme/users:2.4.1', 3, 'helm', 'deploy/helm/users/templates/deployment.yaml:4'],
    ]);
    const orders = ofKind(facts, 'manifest-service')[0];
    expect(orders?.ports).toEqual([{ port: 8080, name: 'http', protocol: 'TCP' }]);
    expect(orders?.podLabels).toMatchObject({ 'app.kubernetes.io/name': 'orders', 'app.kubernetes.io/instance': 'orders', team: 'checkout' });
  });

  it('reads env entries as literal values with template lines', () => {
    expect(ofKind(facts, 'manifest-env').map((f) => [f.service, f.name, f.value, f.origin, `${f.file}:${f.line}`])).toEqual([
      ['orders', 'LOG_LEVEL', 'info', 'literal', `${DEPLOYMENT}:45`],
      ['orders', 'USERS_URL', 'http://users:8080', 'literal', `${DEPLOYMENT}:45`],
      ['orders', 'DATABASE_URL', 'postgres://orders@orders-db:5432/orders', 'literal', `${DEPLOYMENT}:48`],
      ['users', 'PORT', '8080', 'literal', 'deploy/helm/users/templates/deployment.yaml:46'],
      ['users', 'ORDERS_EVENTS_TOPIC', 'orders.events', 'literal', 'deploy/helm/users/templates/deployment.yaml:46'],
      ['users', 'CACHE_TTL_SECONDS', '60', 'literal', 'deploy/helm/users/templates/deployment.yaml:50'],
    ]);
  });

  it('reads the Services, the HPA and the Ingress route', () => {
    expect(ofKind(facts, 'network-service')).toEqual([
      {
        kind: 'network-service', file: 'deploy/helm/orders/templates/service.yaml', line: 4, library: 'helm', name: 'orders', namespace: 'default', type: 'ClusterIP',
        selector: { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/name': 'orders' }, externalName: undefined,
        ports: [{ port: 8080, targetPort: 'http', name: 'http', appProtocol: undefined }],
      },
      {
        kind: 'network-service', file: 'deploy/helm/users/templates/service.yaml', line: 4, library: 'helm', name: 'users', namespace: 'default', type: 'ClusterIP',
        selector: { 'app.kubernetes.io/instance': 'users', 'app.kubernetes.io/name': 'users' }, externalName: undefined,
        ports: [{ port: 8080, targetPort: 'http', name: 'http', appProtocol: undefined }],
      },
    ]);
    expect(ofKind(facts, 'autoscaler')).toEqual([
      { kind: 'autoscaler', file: 'deploy/helm/orders/templates/hpa.yaml', line: 9, library: 'helm', name: 'orders', namespace: 'default', target: 'orders', targetKind: 'Deployment', min: 2, max: 10 },
    ]);
    expect(ofKind(facts, 'route').map((f) => [f.gateway, f.host, f.path, f.target, f.port, `${f.file}:${f.line}`])).toEqual([
      ['orders', 'shop.example.com', '/orders', 'orders', 8080, 'deploy/helm/orders/templates/ingress.yaml:32'],
    ]);
  });
});

describe('analyze() with helm charts', () => {
  it('links orders to users through USERS_URL, with evidence in the template', () => {
    const { report } = analyze(TWO_CHARTS, { config: DEFAULT_CONFIG });
    expect(report.services.map((s) => s.name)).toEqual(['ingress/orders', 'orders', 'users']);
    const edge = report.edges.find((e) => e.from === 'service:orders' && e.to === 'service:users');
    expect(edge).toMatchObject({ kind: 'http', locations: [{ file: DEPLOYMENT, line: 45 }] });
    expect(report.diagnostics.map((d) => `${d.level} ${d.code} ${d.file}`)).toEqual([
      'info helm-release-name deploy/helm/orders/Chart.yaml',
      'info helm-test-hook deploy/helm/orders/templates/tests/test-connection.yaml',
      'info helm-release-name deploy/helm/users/Chart.yaml',
      'info helm-test-hook deploy/helm/users/templates/tests/test-connection.yaml',
    ]);
  });

  it('keeps what it rendered of a chart it cannot fully render, and leaves the subchart alone', () => {
    const { report } = analyze(path.join(FIXTURES, 'unrenderable'), { config: DEFAULT_CONFIG });
    expect(report.services.map((s) => s.name)).toEqual(['api.stripe.example', 'payments']);
    expect(report.services.find((s) => s.kind === 'external')?.id).toBe('external:api.stripe.example');
    expect(report.diagnostics.map((d) => `${d.level} ${d.code} ${d.file}:${d.line ?? ''}`)).toEqual([
      'info helm-release-name chart/Chart.yaml:',
      'info helm-subchart chart/Chart.yaml:',
      'warning helm-unrendered chart/templates/configmap.yaml:7',
      'warning helm-unrendered chart/templates/deployment.yaml:6',
      'warning helm-unrendered chart/templates/pdb.yaml:1',
    ]);
  });
});
