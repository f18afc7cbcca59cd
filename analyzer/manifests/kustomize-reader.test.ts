import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { analyze } from '../run.js';
import { envOf, factsOf, fixture, readerContext } from '../../test/helpers/fixtures.js';
import { readKubernetesObjects } from './kubernetes-reader.js';
import { readKustomize } from './kustomize-reader.js';

const SHOP = fixture('manifests/kustomize/shop');

function render(overlays?: string[]) {
  const ctx = readerContext(SHOP, { kustomize: overlays ? { overlays } : {} });
  const result = readKustomize(ctx);
  const facts = readKubernetesObjects(result.objects, ctx.diagnostics);
  return { ...result, facts, diagnostics: ctx.diagnostics };
}

describe('kustomize reader', () => {
  it('renders the production overlay of several: base, component, namespace, labels, images, patches', () => {
    const { facts, files } = render();
    expect(files).toEqual(['overlays/production/kustomization.yaml']);
    expect(factsOf(facts, 'manifest-service').map((s) => [s.name, s.namespace, s.image, s.replicas, s.labels, s.library])).toEqual([
      ['orders', 'shop-prod', 'registry.example.com/shop/orders:2.4.0', 3, { env: 'production' }, 'kustomize'],
      ['users', 'shop-prod', 'shop/users:1.0', 4, { env: 'production' }, 'kustomize'],
      ['otel-collector', 'shop-prod', 'otel/opentelemetry-collector:0.100.0', 1, { env: 'production' }, 'kustomize'],
    ]);
    expect(envOf(facts, 'orders')).toEqual({
      INVENTORY_URL: 'http://inventory.example.internal:8080',
      LOG_LEVEL: 'info',
      MODE: 'production',
      PAYMENTS_URL: 'https://api.payments-partner.example.net',
      USERS_URL: 'http://users:8080',
    });
    expect(envOf(facts, 'users')).toEqual({ MODE: 'production' });
    expect(factsOf(facts, 'resources').find((r) => r.service === 'orders')?.limits).toEqual({ memory: '512Mi' });
    expect(factsOf(facts, 'network-service').map((s) => [s.name, s.namespace, s.selector])).toEqual([
      ['orders', 'shop-prod', { app: 'orders', env: 'production' }],
      ['users', 'shop-prod', { app: 'users', env: 'production' }],
    ]);
  });

  it('points generated ConfigMap values at their generator and claims every file it read', () => {
    const { facts, claimed } = render();
    expect(factsOf(facts, 'manifest-env').find((e) => e.name === 'USERS_URL')).toMatchObject({ file: 'base/kustomization.yaml', line: 7, origin: 'config-map', reference: 'orders-env/USERS_URL' });
    expect([...claimed].sort()).toEqual([
      'base/kustomization.yaml',
      'base/orders.env',
      'base/orders.yaml',
      'base/users.yaml',
      'components/tracing/collector.yaml',
      'components/tracing/kustomization.yaml',
      'overlays/dev/kustomization.yaml',
      'overlays/production/kustomization.yaml',
      'overlays/production/missing-target.yaml',
      'overlays/production/orders-patch.yaml',
    ]);
  });

  it('says which overlay it chose, what it did not fetch and which patch matched nothing', () => {
    expect(render().diagnostics).toEqual([
      {
        level: 'info',
        code: 'kustomize-overlay-chosen',
        file: 'overlays/production/kustomization.yaml',
        message: 'rendered this overlay; alternatives not rendered: overlays/dev/kustomization.yaml (set kustomize.overlays in archreview.yaml to choose)',
      },
      { level: 'info', code: 'kustomize-remote', file: 'overlays/production/kustomization.yaml', line: 6, message: 'remote resource https://github.com/example/monitoring//base?ref=v1 is not fetched' },
      { level: 'info', code: 'kustomize-patch', file: 'overlays/production/kustomization.yaml', line: 30, message: 'patch matches no resource' },
    ]);
  });

  it('renders the overlays named in archreview.yaml, with name prefixes', () => {
    const { facts, diagnostics } = render(['overlays/dev']);
    expect(factsOf(facts, 'manifest-service').map((s) => [s.name, s.namespace ?? null, s.image])).toEqual([
      ['dev-orders', 'default', 'shop/orders'],
      ['dev-users', 'default', 'shop/users:1.0'],
    ]);
    expect(factsOf(facts, 'manifest-env').find((e) => e.name === 'USERS_URL')?.reference).toBe('dev-orders-env/USERS_URL');
    expect(diagnostics).toEqual([]);
  });

  it('feeds the graph: in production orders calls users through its Service', () => {
    const { report } = analyze(SHOP, { config: DEFAULT_CONFIG });
    expect(report.edges.map((e) => `${e.from} -> ${e.to} ${e.kind}`)).toEqual([
      'service:orders -> external:api.payments-partner.example.net http',
      'service:orders -> external:inventory.example.internal http',
      'service:orders -> service:users http',
    ]);
  });
});
