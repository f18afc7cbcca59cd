import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config/schema.js';
import { walkTree } from '../discover/index.js';
import type { Diagnostic, RouteFact } from '../types/index.js';
import { envoyRoutes, gatewayName, readEnvoy } from './envoy-reader.js';
import { createReaderContext } from './reader-context.js';
import { parseYamlDocuments } from './yaml-source.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/manifests/envoy/', import.meta.url));

function read(fixture: string) {
  const ctx = createReaderContext(walkTree(path.join(FIXTURES, fixture)), DEFAULT_CONFIG);
  const result = readEnvoy(ctx);
  return { ...result, diagnostics: ctx.diagnostics };
}

const route = (fields: Partial<RouteFact> & Pick<RouteFact, 'file' | 'line' | 'gateway' | 'target'>): RouteFact => ({ kind: 'route', library: 'envoy', gatewayKind: 'envoy', protocol: 'http', ...fields });

describe('readEnvoy on fixtures', () => {
  it('reads v3 routes, weighted clusters, every endpoint, and clusters no route names', () => {
    const { facts, files, diagnostics } = read('front-proxy');
    const common = { file: 'envoy/envoy.yaml', gateway: 'envoy', host: 'shop.example.com' };
    expect(facts).toEqual([
      route({ ...common, line: 19, path: '/catalog', target: 'catalog', port: 8000 }),
      route({ ...common, line: 19, path: '/catalog', target: 'catalog-replica', port: 8000 }),
      // HTTP/2 upstream (typed_extension_protocol_options) and a grpc route matcher.
      route({ ...common, line: 22, path: '/users.v1.Users/', target: 'users', port: 50051, protocol: 'grpc' }),
      // HTTP/2 upstream, but nothing says grpc: http.
      route({ ...common, line: 27, path: '/checkout', target: 'checkout', port: 8080 }),
      route({ ...common, line: 29, path: '/checkout', target: 'checkout-canary', port: 8080 }),
      // No route sends traffic here, but the proxy can: a fact without path, at the cluster's name.
      route({ file: 'envoy/envoy.yaml', gateway: 'envoy', line: 89, target: 'otel-collector', port: 4317, protocol: 'grpc' }),
    ]);
    expect(files).toEqual(['envoy/envoy.yaml']);
    expect(diagnostics).toEqual([]);
  });

  it('reads the v2 shapes: filter config, cluster hosts, a tcp_proxy cluster', () => {
    const { facts, diagnostics } = read('legacy-v2');
    const common = { file: 'edge/front-envoy.yaml', gateway: 'edge', host: 'api.example.com' };
    expect(facts).toEqual([
      route({ ...common, line: 24, path: '/grpc/', target: 'inventory', port: 9090, protocol: 'grpc' }),
      route({ ...common, line: 26, path: '/', target: 'web-1', port: 80 }),
      route({ ...common, line: 26, path: '/', target: 'web-2', port: 80 }),
      route({ file: 'edge/front-envoy.yaml', gateway: 'edge', line: 52, target: 'db', port: 5432 }),
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('reads JSON configs whose path mentions envoy, with lines', () => {
    const { facts, files } = read('json-config');
    expect(facts).toEqual([route({ file: 'envoy.json', gateway: 'envoy', line: 21, path: '/', target: 'app', port: 3000 })]);
    expect(files).toEqual(['envoy.json']);
  });

  it('reports what only exists at run time: xDS, RDS, EDS, cluster_header, unknown clusters', () => {
    const { facts, diagnostics } = read('dynamic');
    expect(facts).toEqual([route({ file: 'envoy.yaml', gateway: 'envoy', line: 49, target: 'control-plane', port: 18000 })]);
    expect(diagnostics.map(({ level, code, line }) => ({ level, code, line }))).toEqual([
      { level: 'info', code: 'envoy-dynamic', line: 5 },
      { level: 'info', code: 'envoy-no-endpoints', line: 45 },
      { level: 'warning', code: 'envoy-invalid', line: 60 },
      { level: 'info', code: 'envoy-dynamic', line: 21 },
      { level: 'info', code: 'envoy-unresolved', line: 41 },
      { level: 'info', code: 'envoy-unresolved', line: 39 },
    ]);
    expect(diagnostics.every((d) => d.file === 'envoy.yaml')).toBe(true);
    expect(diagnostics[5]?.message).toContain('"reports"');
  });
});

describe('envoyRoutes', () => {
  it('never throws on odd shapes', () => {
    const odd = [
      'static_resources: []',
      'static_resources: null',
      '42',
      'static_resources: { listeners: 3, clusters: [null, 1, { name: x, load_assignment: { endpoints: [ { lb_endpoints: [ { endpoint: null } ] } ] } }] }',
      'static_resources: { listeners: [ { filter_chains: [ { filters: [ { name: envoy.filters.network.http_connection_manager, typed_config: { route_config: { virtual_hosts: [ { routes: [ { route: 5 }, { match: null, route: { cluster: 7 } } ] } ] } } } ] } ] } ] }',
    ];
    for (const text of odd) {
      const diagnostics: Diagnostic[] = [];
      for (const doc of parseYamlDocuments(text, 'odd.yaml', diagnostics)) expect(() => envoyRoutes(doc, 'odd.yaml', 'envoy', diagnostics)).not.toThrow();
    }
  });

  it('names the gateway after the folder holding the config', () => {
    expect(gatewayName('edge/front-envoy.yaml')).toBe('edge');
    expect(gatewayName('deploy/envoy/config/envoy.yaml')).toBe('envoy');
    expect(gatewayName('envoy.yaml')).toBe('envoy');
  });
});
