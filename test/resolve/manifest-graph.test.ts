import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze } from '../../analyzer/run.js';
import { ReportSchema } from '../../analyzer/types/index.js';
import { edgeList } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

describe('graph from a compose project', () => {
  const { report } = analyze(fixture('manifests/compose/basic'), { config: DEFAULT_CONFIG });

  it('is a valid Report', () => {
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it('classifies built services, third-party images, datastores, caches and brokers', () => {
    expect(report.services.map((s) => [s.id, s.path, s.language, s.thirdParty])).toEqual([
      ['external:api.stripe.com', null, null, true],
      ['service:api', 'services/api', 'TypeScript', false],
      ['service:auth', null, null, true],
      ['service:worker', 'services/worker', 'Python', false],
    ]);
    expect(report.datastores.map((d) => [d.id, d.kind, d.role, d.instance, d.database])).toEqual([
      ['datastore:postgres:db/keycloak', 'postgres', 'database', 'postgres:db', 'keycloak'],
      ['datastore:postgres:db/shop', 'postgres', 'database', 'postgres:db', 'shop'],
      ['datastore:rabbitmq:queue', 'rabbitmq', 'broker', 'rabbitmq:queue', null],
      ['datastore:redis:cache/2', 'redis', 'cache', 'redis:cache', '2'],
    ]);
  });

  it('links URLs, connection strings, host variables with sibling database names, and depends_on', () => {
    expect(edgeList(report)).toEqual([
      'service:api -> datastore:postgres:db/shop connects',
      'service:api -> datastore:redis:cache/2 connects',
      'service:api -> external:api.stripe.com http',
      'service:api -> service:auth http',
      'service:api -> service:worker http',
      'service:auth -> datastore:postgres:db/keycloak connects',
      'service:worker -> datastore:postgres:db/shop connects',
      'service:worker -> datastore:rabbitmq:queue connects',
      'service:worker -> service:api http',
    ]);
    const byId = Object.fromEntries(report.edges.map((e) => [e.id, e]));
    expect(byId['service:worker->datastore:postgres:db/shop:connects']).toMatchObject({
      protocol: 'postgres',
      protocolFrom: 'target-kind',
      database: 'shop',
      via: ['DB_HOST', 'depends_on', 'links'],
      locations: [
        { file: 'docker-compose.yml', line: 45 },
        { file: 'docker-compose.yml', line: 51 },
        { file: 'docker-compose.yml', line: 57 },
      ],
    });
    expect(byId['service:api->external:api.stripe.com:http']).toMatchObject({ via: ['PAYMENTS_API_URL'], locations: [{ file: 'services/api/api.env', line: 3 }] });
    expect(byId['service:api->service:worker:http']).toMatchObject({ protocolFrom: 'default', via: ['WORKER_HOST'] });
  });

  it('records deploy facts: replicas, probes, limits and published ports', () => {
    const api = report.services.find((s) => s.name === 'api')!;
    expect(api.deploy).toEqual({
      replicas: 2,
      autoscale: null,
      probes: ['healthcheck'],
      limits: true,
      requests: true,
      platforms: ['docker-compose'],
      exposure: [
        { via: 'published-port', detail: 'host port 8080 → 3000', location: { file: 'docker-compose.yml', line: 9 } },
        { via: 'published-port', detail: 'host port 9229 → 9229', location: { file: 'docker-compose.yml', line: 9 } },
      ],
    });
  });

  it('never puts secret values in the report', () => {
    expect(JSON.stringify(report)).not.toContain('s3cret');
  });
});

describe('graph from Kubernetes manifests', () => {
  const { report } = analyze(fixture('manifests/kubernetes/workloads'), { config: DEFAULT_CONFIG });

  it('resolves Service names (short and FQDN), named target ports, ExternalName and $(VAR) values', () => {
    expect(edgeList(report)).toEqual([
      'gateway:ingress/shop -> service:orders http',
      'service:nightly-report -> service:orders http',
      'service:orders -> datastore:postgres:postgres/orders connects',
      'service:orders -> external:payments.partner.example.net http',
      'service:orders -> service:inventory http',
    ]);
    const inventory = report.edges.find((e) => e.to === 'service:inventory')!;
    expect(inventory.via).toEqual(['INVENTORY_HOST', 'INVENTORY_URL']);
    expect(inventory.locations).toEqual([
      { file: 'deploy/orders.yaml', line: 58 },
      { file: 'deploy/orders.yaml', line: 63 },
    ]);
  });

  it('takes replicas, HPA ranges, probes, limits and ingress exposure from the workloads', () => {
    const orders = report.services.find((s) => s.name === 'orders')!;
    expect(orders.deploy).toMatchObject({ replicas: 3, autoscale: { min: 3, max: 12 }, probes: ['liveness', 'readiness'], limits: true, requests: false, platforms: ['kubernetes'] });
    expect(orders.deploy.exposure).toEqual([{ via: 'ingress', detail: 'Ingress shop (shop.example.com/orders)', location: { file: 'deploy/edge.yaml', line: 11 } }]);
    expect(orders.owners).toEqual(['checkout']);
    expect(report.services.find((s) => s.name === 'node-agent')?.deploy.replicas).toBeNull();
  });
});

describe('config overrides', () => {
  it('renames, ignores, marks external and infrastructure, and reports names that match nothing', () => {
    const config = {
      ...DEFAULT_CONFIG,
      services: {
        worker: { rename: 'jobs-runner' },
        auth: { external: true },
        api: { owners: ['team-api'] },
        cache: { ignore: true },
        nosuch: { external: true },
      },
    };
    const { report } = analyze(fixture('manifests/compose/basic'), { config });
    expect(report.services.map((s) => s.id)).toEqual(['external:api.stripe.com', 'external:auth', 'service:api', 'service:jobs-runner']);
    expect(report.datastores.map((d) => d.id)).not.toContain('datastore:redis:cache/2');
    expect(report.services.find((s) => s.name === 'api')?.owners).toEqual(['team-api']);
    expect(report.diagnostics.filter((d) => d.code === 'config-unmatched').map((d) => d.message)).toEqual([
      'archreview.yaml: services.nosuch matches no service in the manifests (known: api, auth, cache, db, queue, worker)',
    ]);
  });
});

describe('one logical system in compose (development) and Kubernetes (production)', () => {
  const { report } = analyze(fixture('manifests/mixed/externalname'), { config: DEFAULT_CONFIG });

  it('resolves each value through its own runtime: ExternalName Services named like a compose container are that container', () => {
    expect(edgeList(report)).toEqual([
      'service:app -> datastore:postgres:analytics-db/analytics connects',
      'service:app -> datastore:postgres:db/app connects',
      'service:app -> external:api.billing-partner.example.net http',
    ]);
    expect(report.edges.find((e) => e.to === 'datastore:postgres:db/app')?.locations).toEqual([
      { file: 'compose.yaml', line: 6 },
      { file: 'k8s/app.yaml', line: 17 },
    ]);
    expect(report.datastores.map((d) => [d.id, d.declaredIn])).toEqual([
      ['datastore:postgres:analytics-db/analytics', [{ file: 'k8s/app.yaml', line: 35 }]],
      ['datastore:postgres:db/app', [{ file: 'compose.yaml', line: 7 }, { file: 'k8s/app.yaml', line: 27 }]],
    ]);
  });
});
