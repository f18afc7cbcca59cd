import type { Config } from '../config/schema.js';
import type { Score, ServiceGraph } from '../types/index.js';

type Signal = Score['signals'][number];

const COMPLIANCE = /\b(pci|pci-dss|hipaa|gdpr|sox|fedramp|iso27001|soc2)\b/i;

/** Signals measured from the graph and declared in archreview.yaml; anything missing is `unknown`. */
export function collectSignals(graph: ServiceGraph, config: Config): Signal[] {
  const services = graph.filterNodes((_, a) => a.kind === 'service').map((id) => graph.getNodeAttributes(id));
  const own = services.flatMap((a) => (a.kind === 'service' && !a.service.thirdParty ? [a.service] : []));
  const datastores = graph.filterNodes((_, a) => a.kind === 'datastore');
  const gateways = graph.filterNodes((_, a) => a.kind === 'gateway');
  const languages = [...new Set(own.map((s) => s.language).filter((l): l is string => !!l))].sort();
  const shared = datastores.filter((id) => new Set(graph.inNeighbors(id).filter((n) => graph.getNodeAttribute(n, 'kind') === 'service')).size >= 2);
  const scaling = new Set(own.map((s) => (s.deploy.autoscale ? `hpa ${s.deploy.autoscale.min}-${s.deploy.autoscale.max}` : `replicas ${s.deploy.replicas ?? '?'}`)));
  const compliance = [
    ...new Set(
      own.flatMap((s) => [s.namespace ?? '', ...Object.keys(s.labels), ...Object.values(s.labels)].filter((t) => COMPLIANCE.test(t)).map((t) => `${s.name}: ${t}`)),
    ),
  ].sort();
  const locs = own.map((s) => s.loc).filter((n): n is number => n !== null && n > 0).sort((a, b) => a - b);
  const median = locs.length ? locs[Math.floor(locs.length / 2)]! : null;
  const org = config.organization;
  const declared = (id: string, label: string, value: string | number | boolean | undefined): Signal =>
    value === undefined ? { id, label, value: null, source: 'unknown', evidence: ['not declared in archreview.yaml organization'] } : { id, label, value, source: 'declared', evidence: ['archreview.yaml organization'] };
  return [
    { id: 'services', label: 'Services built from this repository', value: own.length, source: 'measured', evidence: own.map((s) => s.name).sort() },
    { id: 'third-party-services', label: 'Third-party services (image only)', value: services.length - own.length, source: 'measured', evidence: [] },
    { id: 'languages', label: 'Languages', value: languages.join(', ') || null, source: languages.length ? 'measured' : 'unknown', evidence: languages },
    { id: 'median-service-loc', label: 'Median lines of code per service', value: median, source: median === null ? 'unknown' : 'measured', evidence: [] },
    { id: 'datastores', label: 'Datastores', value: datastores.length, source: 'measured', evidence: datastores.sort() },
    { id: 'shared-datastores', label: 'Datastores used by two or more services', value: shared.length, source: 'measured', evidence: shared.sort() },
    { id: 'scaling-profiles', label: 'Distinct scaling profiles', value: scaling.size, source: 'measured', evidence: [...scaling].sort() },
    { id: 'gateway', label: 'API gateway or ingress in front of the services', value: gateways.length > 0, source: 'measured', evidence: gateways.sort() },
    { id: 'compliance-hints', label: 'Compliance hints in labels and namespaces', value: compliance.length, source: 'measured', evidence: compliance },
    declared('engineers', 'Engineers', org.engineers),
    declared('teams', 'Teams', org.teams),
    declared('requests-per-day', 'Requests per day', org.requestsPerDay),
    declared('product-market-fit', 'Product-market fit', org.productMarketFit),
    declared('platform-team', 'Platform team', org.platformTeam),
    declared('compliance-scopes', 'Compliance scopes', org.complianceScopes?.join(', ')),
  ];
}
