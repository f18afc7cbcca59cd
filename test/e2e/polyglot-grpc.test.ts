import { describe, expect, it } from 'vitest';
import { analyzeWithCli, edgeList } from '../helpers/cli.js';
import { fixture } from '../helpers/fixtures.js';

describe('a polyglot system wired only by *_SERVICE_ADDR entries in Kubernetes manifests', () => {
  const { report } = analyzeWithCli(fixture('e2e/polyglot-grpc'));

  it('finds exactly the six services, with their code folders and languages', () => {
    expect(report.services.map((s) => [s.name, s.kind, s.path, s.language, s.thirdParty])).toEqual([
      ['cart', 'service', 'src/cart', 'C#', false],
      ['catalog', 'service', 'src/catalog', 'Go', false],
      ['checkout', 'service', 'src/checkout', 'TypeScript', false],
      ['frontend', 'service', 'src/frontend', 'Go', false],
      ['pricing', 'service', 'src/pricing', 'Java', false],
      ['recommendations', 'service', 'src/recommendations', 'Python', false],
    ]);
    expect(report.datastores).toEqual([]);
    expect(report.channels).toEqual([]);
  });

  it('finds exactly the five gRPC calls from the frontend, each with its manifest line', () => {
    expect(edgeList(report)).toEqual([
      'service:frontend -> service:cart grpc',
      'service:frontend -> service:catalog grpc',
      'service:frontend -> service:checkout grpc',
      'service:frontend -> service:pricing grpc',
      'service:frontend -> service:recommendations grpc',
    ]);
    expect(report.edges.map((e) => [e.via, e.protocolFrom, e.locations])).toEqual([
      [['CART_SERVICE_ADDR'], 'port-name', [{ file: 'kubernetes-manifests/frontend.yaml', line: 31 }]],
      [['CATALOG_SERVICE_ADDR'], 'port-name', [{ file: 'kubernetes-manifests/frontend.yaml', line: 29 }]],
      [['CHECKOUT_SERVICE_ADDR'], 'port-name', [{ file: 'kubernetes-manifests/frontend.yaml', line: 37 }]],
      [['PRICING_SERVICE_ADDR'], 'port-name', [{ file: 'kubernetes-manifests/frontend.yaml', line: 33 }]],
      [['RECOMMENDATIONS_SERVICE_ADDR'], 'port-name', [{ file: 'kubernetes-manifests/frontend.yaml', line: 35 }]],
    ]);
  });

  it('records how the frontend is exposed and reads without problems', () => {
    expect(report.services.find((s) => s.name === 'frontend')?.deploy.exposure).toEqual([
      { via: 'load-balancer', detail: 'Service frontend-external (LoadBalancer)', location: { file: 'kubernetes-manifests/frontend.yaml', line: 69 } },
    ]);
    expect(report.diagnostics).toEqual([]);
  });
});
