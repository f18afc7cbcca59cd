import type { Config } from '../config/schema.js';
import type { HistorySummary, Score, ServiceGraph } from '../types/index.js';
import { compare, type SystemView } from './system-view.js';

type Signal = Score['signals'][number];

/** Words in labels, annotations and namespaces that name a compliance regime. */
export const COMPLIANCE = /(^|[^a-z0-9])(pci|pci-?dss|hipaa|gdpr|sox|fedramp|iso-?27001|soc-?2|phi|pii)([^a-z0-9]|$)/i;

/** Own services (names) whose labels, annotations or namespace name a compliance regime, with the words that did. */
export function complianceHints(view: SystemView): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [service, tags] of view.tags) {
    const hits = tags.filter((t) => COMPLIANCE.test(t));
    if (hits.length) out.set(service, hits);
  }
  return out;
}

/** A service's scaling profile: HPA range, fixed replicas, or batch. */
export function scalingProfile(view: SystemView, name: string): string {
  const s = view.own.find((x) => x.name === name)!;
  if (view.batch.has(name)) return 'batch job';
  return s.deploy.autoscale ? `hpa ${s.deploy.autoscale.min}-${s.deploy.autoscale.max}` : `replicas ${s.deploy.replicas ?? '?'}`;
}

/** Signals measured from the graph and git history, and declared in archreview.yaml; anything missing is `unknown`. */
export function collectSignals(graph: ServiceGraph, config: Config, view: SystemView, history: HistorySummary | null): Signal[] {
  const services = graph.filterNodes((_, a) => a.kind === 'service');
  const { own } = view;
  const datastores = graph.filterNodes((_, a) => a.kind === 'datastore').sort(compare);
  const gateways = graph.filterNodes((_, a) => a.kind === 'gateway').sort(compare);
  const languages = [...new Set(own.map((s) => s.language).filter((l): l is string => !!l))].sort(compare);
  const shared = datastores.filter((id) => new Set(graph.inNeighbors(id).filter((n) => graph.getNodeAttribute(n, 'kind') === 'service')).size >= 2);
  const profiles = new Map<string, string[]>();
  for (const s of own) profiles.set(scalingProfile(view, s.name), [...(profiles.get(scalingProfile(view, s.name)) ?? []), s.name]);
  const hints = complianceHints(view);
  const sized = own.filter((s) => s.loc !== null && s.loc > 0).sort((a, b) => a.loc! - b.loc! || compare(a.name, b.name));
  const median = sized.length ? sized[Math.floor(sized.length / 2)]!.loc! : null;
  const org = config.organization;
  const declared = (id: string, label: string, value: string | number | boolean | undefined): Signal =>
    value === undefined ? { id, label, value: null, source: 'unknown', evidence: ['not declared in archreview.yaml organization'] } : { id, label, value, source: 'declared', evidence: ['archreview.yaml organization'] };
  const signals: Signal[] = [
    { id: 'services', label: 'Services built from this repository', value: own.length, source: 'measured', evidence: own.map((s) => s.name) },
    { id: 'third-party-services', label: 'Third-party services (image only)', value: services.length - own.length, source: 'measured', evidence: [] },
    { id: 'languages', label: 'Languages', value: languages.join(', ') || null, source: languages.length ? 'measured' : 'unknown', evidence: own.filter((s) => s.language).map((s) => `${s.name}: ${s.language}`) },
    {
      id: 'median-service-loc',
      label: 'Median lines of code per service (without tests, generated and vendored code)',
      value: median,
      source: median === null ? 'unknown' : 'measured',
      evidence: sized.map((s) => `${s.name}: ${s.loc}`),
    },
    { id: 'datastores', label: 'Datastores', value: datastores.length, source: 'measured', evidence: datastores },
    {
      id: 'datastores-per-service',
      label: 'Datastores per service',
      value: own.length ? Math.max(...own.map((s) => view.storesOf.get(s.name)?.length ?? 0)) : null,
      source: own.length ? 'measured' : 'unknown',
      evidence: own.map((s) => `${s.name}: ${(view.storesOf.get(s.name) ?? []).map((d) => d.name).join(', ') || 'none'}`),
    },
    { id: 'shared-datastores', label: 'Datastores used by two or more services', value: shared.length, source: 'measured', evidence: shared },
    { id: 'scaling-profiles', label: 'Distinct scaling profiles', value: profiles.size, source: 'measured', evidence: [...profiles].sort(([a], [b]) => compare(a, b)).map(([p, names]) => `${p}: ${names.join(', ')}`) },
    { id: 'gateway', label: 'API gateway or ingress in front of the services', value: gateways.length > 0, source: 'measured', evidence: gateways },
    { id: 'compliance-hints', label: 'Compliance hints in labels, annotations and namespaces', value: hints.size, source: 'measured', evidence: [...hints].map(([s, words]) => `${s}: ${words.join(', ')}`) },
  ];
  signals.push(...historySignals(history, config.history.windowDays));
  signals.push(
    declared('engineers', 'Engineers', org.engineers),
    declared('teams', 'Teams', org.teams),
    declared('requests-per-day', 'Requests per day', org.requestsPerDay),
    declared('product-market-fit', 'Product-market fit', org.productMarketFit),
    declared('platform-team', 'Platform team', org.platformTeam),
    declared('compliance-scopes', 'Compliance scopes', org.complianceScopes?.join(', ')),
  );
  return signals;
}

function historySignals(history: HistorySummary | null, windowDays: number): Signal[] {
  if (!history) {
    const none = ['no git history was read (see the diagnostics)'];
    return [
      { id: 'active-authors', label: `Authors active in the last ${windowDays} days`, value: null, source: 'unknown', evidence: none },
      { id: 'commits-per-week', label: 'Commits per week per service', value: null, source: 'unknown', evidence: none },
      { id: 'change-coupling', label: 'Service pairs that change together', value: null, source: 'unknown', evidence: none },
      { id: 'release-cadence', label: 'Releases (tags) per week', value: null, source: 'unknown', evidence: none },
    ];
  }
  const window = `the ${history.windowDays} days before HEAD's commit date ${history.headDate}, not the date of the analysis`;
  const read = `${history.commitsRead} commits read${history.bounded ? ' (the newest ones only: history.maxCommits)' : ''}${history.shallow ? ' from a shallow clone' : ''}`;
  const strong = history.coupling.filter((c) => c.strong);
  return [
    { id: 'active-authors', label: `Authors active in the last ${history.windowDays} days`, value: history.activeAuthors, source: 'measured', evidence: [`distinct commit authors in ${window}`, read] },
    {
      id: 'commits-per-week',
      label: 'Commits per week per service',
      value: history.services.length ? Math.max(...history.services.map((s) => s.commitsPerWeek)) : null,
      source: history.services.length ? 'measured' : 'unknown',
      evidence: history.services.map((s) => `${s.service}: ${s.commitsPerWeek}/week, ${s.authors.length} active author${s.authors.length === 1 ? '' : 's'}`),
    },
    {
      id: 'change-coupling',
      label: 'Service pairs that change together (strong coupling)',
      value: strong.length,
      source: 'measured',
      evidence: [
        ...history.coupling.map((c) => `${c.a}+${c.b}: ${c.support} shared commits, degree ${c.degree}${c.strong ? ' (strong)' : ''}`),
        ...(history.couplingSkipped ? [`${history.couplingSkipped} sweeping commits (more than half of the services or over 100 files) left out`] : []),
      ],
    },
    {
      id: 'release-cadence',
      label: 'Releases (tags) per week',
      value: history.releases.perWeek,
      source: history.releases.perWeek === null ? 'unknown' : 'proxy',
      evidence: history.releases.tags ? [`${history.releases.inWindow} of ${history.releases.tags} tags created in ${window}; tags stand in for deployments`] : ['the repository has no tags'],
    },
  ];
}
