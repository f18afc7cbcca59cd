import { describe, expect, it } from 'vitest';
import { envOf, factsOf, fixture, readerContext } from '../../test/helpers/fixtures.js';
import { readKubernetesFiles } from './kubernetes-reader.js';

function read(name: string) {
  const ctx = readerContext(fixture('manifests/kubernetes', name));
  const result = readKubernetesFiles(ctx, new Set());
  return { ...result, diagnostics: ctx.diagnostics };
}

describe('kubernetes reader', () => {
  const { facts, files, diagnostics } = read('workloads');

  it('reads every workload kind, including List items, with names, namespaces, images and replicas', () => {
    expect(factsOf(facts, 'manifest-service').map((s) => [s.name, s.workload, s.namespace, s.image, s.replicas ?? null, `${s.file}:${s.line}`])).toEqual([
      ['orders', 'Deployment', 'shop', 'registry.example.com/shop/orders:1.4.2', 3, 'deploy/orders.yaml:14'],
      ['inventory', 'StatefulSet', 'shop', 'ghcr.io/example/inventory:2', 2, 'deploy/workloads.yaml:4'],
      ['node-agent', 'DaemonSet', 'shop', 'example/agent:1', null, 'deploy/workloads.yaml:29'],
      ['nightly-report', 'CronJob', 'shop', 'example/report:1', null, 'deploy/workloads.yaml:47'],
      ['seed', 'Job', 'shop', 'example/seed:1', null, 'deploy/workloads.yaml:66'],
      ['debug', 'Pod', 'shop', 'busybox:1.36', null, 'deploy/workloads.yaml:79'],
      ['postgres', 'Deployment', 'shop', 'postgres:16', 1, 'deploy/workloads.yaml:91'],
    ]);
    expect(files).toEqual(['deploy/edge.yaml', 'deploy/orders.yaml', 'deploy/shared.yaml', 'deploy/workloads.yaml']);
  });

  it('keeps labels, pod template labels, annotations and named container ports', () => {
    const orders = factsOf(facts, 'manifest-service').find((s) => s.name === 'orders')!;
    expect(orders.labels).toEqual({ app: 'orders', team: 'checkout' });
    expect(orders.podLabels).toEqual({ app: 'orders', tier: 'backend' });
    expect(orders.annotations).toEqual({ description: 'order intake' });
    expect(orders.ports).toEqual([{ port: 8080, name: 'http' }]);
  });

  it('resolves env from literals, envFrom ConfigMaps, configMapKeyRef and $(VAR); secrets by name only', () => {
    expect(envOf(facts, 'orders')).toEqual({
      DATABASE_URL: null,
      DB_HOST: 'postgres',
      DB_NAME: 'orders',
      INVENTORY_HOST: 'inventory-svc',
      INVENTORY_URL: 'http://inventory-svc:8080',
      LOG_FORMAT: 'json',
      MISSING_REF: null,
      PAYMENTS_URL: 'http://payments.shop.svc.cluster.local/api',
      POD_IP: null,
      SECRET_API_TOKEN: null,
      SECRET_WEBHOOK_KEY: null,
    });
    const env = factsOf(facts, 'manifest-env');
    expect(env.find((e) => e.name === 'PAYMENTS_URL')).toMatchObject({ origin: 'config-map', reference: 'orders-config/PAYMENTS_URL', file: 'deploy/orders.yaml', line: 8 });
    expect(env.find((e) => e.name === 'INVENTORY_HOST')).toMatchObject({ origin: 'config-map', reference: 'shared-endpoints/inventory', line: 58 });
    expect(env.find((e) => e.name === 'SECRET_API_TOKEN')).toMatchObject({ origin: 'secret', reference: 'orders-secrets/API_TOKEN', value: null });
    expect(env.find((e) => e.name === 'DATABASE_URL')).toMatchObject({ origin: 'secret', reference: 'orders-db/url', line: 36 });
    expect(env.find((e) => e.name === 'POD_IP')).toMatchObject({ origin: 'field' });
    expect(JSON.stringify(facts)).not.toContain('do-not-read-me');
  });

  it('reads Services with port → targetPort, ExternalName, Ingress routes and HPAs', () => {
    expect(factsOf(facts, 'network-service').map(({ name, type, selector, ports, externalName }) => ({ name, type, selector, ports, externalName }))).toEqual([
      { name: 'payments', type: 'ExternalName', selector: {}, ports: [], externalName: 'payments.partner.example.net' },
      { name: 'orders', type: 'ClusterIP', selector: { app: 'orders' }, ports: [{ port: 80, targetPort: 'http', name: 'http' }], externalName: undefined },
      { name: 'inventory-svc', type: 'ClusterIP', selector: { 'app.kubernetes.io/name': 'inventory' }, ports: [{ port: 8080, targetPort: 9000, appProtocol: 'http' }], externalName: undefined },
    ]);
    expect(factsOf(facts, 'route')).toEqual([
      { kind: 'route', file: 'deploy/edge.yaml', line: 11, library: 'kubernetes', gateway: 'shop', gatewayKind: 'ingress', namespace: 'shop', host: 'shop.example.com', path: '/orders', target: 'orders', port: 80, protocol: 'http' },
    ]);
    expect(factsOf(facts, 'autoscaler')).toEqual([
      { kind: 'autoscaler', file: 'deploy/edge.yaml', line: 25, library: 'kubernetes', name: 'orders', namespace: 'shop', target: 'orders', targetKind: 'Deployment', min: 3, max: 12 },
    ]);
  });

  it('reads probes of every handler type and resources per container', () => {
    expect(factsOf(facts, 'probe').map((p) => [p.service, p.probe, p.handler, p.path ?? null, p.port ?? null, p.line])).toEqual([
      ['orders', 'liveness', 'tcp', null, 8080, 78],
      ['orders', 'readiness', 'http', '/ready', 'http', 74],
      ['inventory', 'startup', 'exec', null, null, 22],
    ]);
    const resources = factsOf(facts, 'resources').filter((r) => r.service === 'orders');
    expect(resources.map((r) => [r.container, r.limits, r.requests, r.line])).toEqual([
      ['orders', { memory: '256Mi' }, { cpu: '100m', memory: '128Mi' }, 81],
      ['log-shipper', { cpu: '50m' }, {}, 89],
    ]);
  });

  it('turns broken objects, unknown kinds and invalid documents into diagnostics and reads the rest', () => {
    expect(diagnostics).toEqual([
      { level: 'error', code: 'yaml-parse', file: 'deploy/edge.yaml', line: 60, message: 'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }' },
      { level: 'warning', code: 'k8s-invalid', file: 'deploy/edge.yaml', line: 54, message: 'Deployment "broken" has no pod spec at spec.template.spec; skipped' },
      { level: 'info', code: 'k8s-missing-configmap', file: 'deploy/orders.yaml', line: 69, message: 'ConfigMap key not-in-repo/x used by "orders" is not in the repository' },
      { level: 'info', code: 'unknown-kind', file: 'deploy/edge.yaml', line: 47, message: 'not read: kind Widget' },
    ]);
  });
});
