import type { Channel, Datastore, Edge, Finding, Report, Service, Severity } from '../types/index.js';

/** What a node of the Report is, under one id. */
export type IndexedNode =
  | { id: string; kind: 'service' | 'gateway' | 'external'; service: Service }
  | { id: string; kind: 'datastore'; datastore: Datastore }
  | { id: string; kind: 'channel'; channel: Channel };

export type EdgeClass = 'sync' | 'async' | 'data' | 'declared';

const EDGE_CLASS: Record<Edge['kind'], EdgeClass> = {
  http: 'sync',
  grpc: 'sync',
  publishes: 'async',
  consumes: 'async',
  reads: 'data',
  writes: 'data',
  connects: 'data',
  'depends-on': 'declared',
};

export function edgeClass(kind: Edge['kind']): EdgeClass {
  return EDGE_CLASS[kind];
}

export const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info'];

/** Lookups over a Report that several reporters need: nodes by id, edges by end, open findings. */
export interface ReportIndex {
  report: Report;
  nodes: Map<string, IndexedNode>;
  /** The name people know a node by; the id itself for ids the Report does not list. */
  name(id: string): string;
  outgoing(id: string): Edge[];
  incoming(id: string): Edge[];
  open: Finding[];
  suppressed: Finding[];
  /** Open findings per subject id. */
  findingsOf(id: string): Finding[];
}

export function indexReport(report: Report): ReportIndex {
  const nodes = new Map<string, IndexedNode>();
  for (const service of report.services) nodes.set(service.id, { id: service.id, kind: service.kind, service });
  for (const datastore of report.datastores) nodes.set(datastore.id, { id: datastore.id, kind: 'datastore', datastore });
  for (const channel of report.channels) nodes.set(channel.id, { id: channel.id, kind: 'channel', channel });
  const out = new Map<string, Edge[]>();
  const inc = new Map<string, Edge[]>();
  for (const edge of report.edges) {
    push(out, edge.from, edge);
    push(inc, edge.to, edge);
  }
  const open = report.findings.filter((f) => !f.suppressed);
  const bySubject = new Map<string, Finding[]>();
  for (const finding of open) for (const subject of new Set(finding.subjects)) push(bySubject, subject, finding);
  return {
    report,
    nodes,
    name: (id) => nodeName(nodes.get(id)) ?? id,
    outgoing: (id) => out.get(id) ?? [],
    incoming: (id) => inc.get(id) ?? [],
    open,
    suppressed: report.findings.filter((f) => f.suppressed),
    findingsOf: (id) => bySubject.get(id) ?? [],
  };
}

function nodeName(node: IndexedNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'datastore') return datastoreName(node.datastore);
  if (node.kind === 'channel') return node.channel.name;
  return node.service.name;
}

/** A datastore's name with its database, once: `shop-pg/orders`. */
export function datastoreName(d: Datastore): string {
  return d.database && !d.name.endsWith(`/${d.database}`) ? `${d.name}/${d.database}` : d.name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Services the repository builds (not third-party images, gateways or external APIs). */
export function ownServices(report: Report): Service[] {
  return report.services.filter((s) => s.kind === 'service' && !s.thirdParty);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
