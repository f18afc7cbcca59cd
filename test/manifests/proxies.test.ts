import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze } from '../../analyzer/run.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/manifests/${name}`, import.meta.url));

function edgesFrom(report: ReturnType<typeof analyze>['report'], from: string) {
  return report.edges
    .filter((e) => e.from === from)
    .map((e) => ({ to: e.to, kind: e.kind, via: e.via, locations: e.locations }))
    .sort((a, b) => (a.to < b.to ? -1 : 1));
}

describe('proxy configs in the service graph', () => {
  it('makes the compose service that mounts an nginx config a gateway with edges to its backends', () => {
    const { report } = analyze(fixture('nginx/compose-mounted'), { config: DEFAULT_CONFIG });
    const nginx = report.services.find((s) => s.name === 'nginx');
    expect(nginx).toMatchObject({ id: 'gateway:nginx', kind: 'gateway' });
    expect(edgesFrom(report, 'gateway:nginx')).toEqual([
      { to: 'service:api', kind: 'http', via: ['depends_on', 'nginx'], locations: [{ file: 'compose.yaml', line: 10 }, { file: 'nginx/default.conf', line: 17 }] },
      { to: 'service:users', kind: 'grpc', via: ['nginx'], locations: [{ file: 'nginx/default.conf', line: 22 }] },
      { to: 'service:web', kind: 'http', via: ['depends_on', 'nginx'], locations: [{ file: 'compose.yaml', line: 9 }, { file: 'nginx/default.conf', line: 12 }] },
    ]);
    expect(report.diagnostics.filter((d) => d.code.startsWith('nginx-') || d.code === 'route-target-unknown')).toEqual([]);
  });

  it('makes the compose service that mounts an envoy config a gateway with edges to its clusters', () => {
    const { report } = analyze(fixture('envoy/front-proxy'), { config: DEFAULT_CONFIG });
    expect(report.services.find((s) => s.name === 'front-envoy')).toMatchObject({ id: 'gateway:front-envoy', kind: 'gateway' });
    expect(edgesFrom(report, 'gateway:front-envoy').map((e) => [e.to, e.kind, e.via])).toEqual([
      ['service:catalog', 'http', ['envoy']],
      ['service:checkout', 'http', ['envoy']],
      ['service:checkout-canary', 'http', ['envoy']],
      ['service:otel-collector', 'grpc', ['envoy']],
      ['service:users', 'grpc', ['envoy']],
    ]);
    expect(report.diagnostics.filter((d) => d.code === 'route-target-unknown').map((d) => d.message)).toEqual(['envoy route to "catalog-replica" matches no service in the repository']);
  });
});
