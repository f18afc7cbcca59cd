import type { Fact, Score, ServiceGraph } from '../types/index.js';

type Row = Score['checklist'][number];

const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

/**
 * The production checklist items the manifests can answer: health checks, resource limits,
 * redundancy, gateway placement and secret handling. Items that need the code (timeouts,
 * breakers, tracing, logging, health endpoint, rate limiting) are in `code-checklist.ts`.
 */
export function deployChecklist(graph: ServiceGraph, facts: readonly Fact[]): Row[] {
  const rows: Row[] = [];
  const env = facts.filter((f) => f.kind === 'manifest-env');
  graph.forEachNode((id, attrs) => {
    if (attrs.kind !== 'service' || attrs.service.thirdParty) return;
    const s = attrs.service;
    const k8s = s.deploy.platforms.includes('kubernetes');
    rows.push({
      service: s.name,
      item: 'health checks',
      status: s.deploy.probes.length ? 'pass' : 'fail',
      evidence: s.deploy.probes.length ? `declared: ${s.deploy.probes.join(', ')}` : 'no probe or healthcheck in the manifests',
    });
    rows.push({
      service: s.name,
      item: 'resource limits',
      status: s.deploy.limits ? 'pass' : k8s ? 'fail' : 'unknown',
      evidence: s.deploy.limits ? 'every container sets CPU or memory limits' : k8s ? 'a container has no CPU or memory limit' : 'only docker-compose manifests; production limits unknown',
    });
    const redundant = (s.deploy.autoscale?.min ?? s.deploy.replicas ?? 0) >= 2;
    rows.push({
      service: s.name,
      item: 'redundancy',
      status: redundant ? 'pass' : k8s ? 'fail' : 'unknown',
      evidence: s.deploy.autoscale ? `autoscaled ${s.deploy.autoscale.min}–${s.deploy.autoscale.max}` : `replicas: ${s.deploy.replicas ?? 'not declared'}`,
    });
    const direct = s.deploy.exposure.filter((e) => e.via === 'published-port' || e.via === 'load-balancer' || e.via === 'node-port');
    const behindGateway = graph.inNeighbors(id).some((n) => graph.getNodeAttribute(n, 'kind') === 'gateway');
    rows.push({
      service: s.name,
      item: 'behind a gateway',
      status: direct.length ? 'fail' : 'pass',
      evidence: direct.length ? `exposed directly: ${direct.map((e) => e.detail).join('; ')}` : behindGateway ? 'reached through a gateway' : 'not exposed outside the system',
    });
    const secrets = env.filter((e) => e.kind === 'manifest-env' && e.service === s.name && SECRET_NAME.test(e.name));
    const plain = secrets.filter((e) => e.kind === 'manifest-env' && e.origin !== 'secret' && e.value);
    rows.push({
      service: s.name,
      item: 'secrets handling',
      status: plain.length ? 'fail' : secrets.length ? 'pass' : 'unknown',
      evidence: plain.length ? `plain values for ${[...new Set(plain.map((e) => (e.kind === 'manifest-env' ? e.name : '')))].sort().join(', ')}` : secrets.length ? 'secret values come from secret references' : 'no secret-like variables in the manifests',
    });
  });
  return sortChecklist(rows);
}

/** Rows by service, then item: the order the Report lists them in. */
export function sortChecklist(rows: Row[]): Row[] {
  return rows.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}
