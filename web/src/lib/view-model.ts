import type { Channel, Datastore, Edge, Finding, Report, Score, Service, Severity } from './report-types.js';
import { buildModel, type GraphModel, type ModelNode } from '../layout/graph-model.js';
import { computeGroups, GROUP_THRESHOLD, type NodeGroup } from '../layout/groups.js';
import { callsTagged, endpointChain, type EndpointChain } from './endpoint-chain.js';

export interface IndexedFinding {
  /** Stable within one report: the position in report.findings. */
  key: string;
  finding: Finding;
}

export type ChecklistRow = Score['checklist'][number];

export const SEVERITY_ORDER: Severity[] = ['error', 'warn', 'info'];

/** Everything the viewer looks up in the Report, indexed once. */
export interface ViewModel {
  report: Report;
  graph: GraphModel;
  groups: NodeGroup[] | null;
  groupOf: Map<string, NodeGroup>;
  services: Map<string, Service>;
  datastores: Map<string, Datastore>;
  channels: Map<string, Channel>;
  edgesById: Map<string, Edge>;
  outgoing(id: string): Edge[];
  incoming(id: string): Edge[];
  findings: IndexedFinding[];
  findingByKey: Map<string, IndexedFinding>;
  /** Open findings whose subjects include the node. */
  findingsOf(id: string): IndexedFinding[];
  checklistOf(serviceName: string): ChecklistRow[];
  name(id: string): string;
  /** Nodes and edges reachable from a node through synchronous calls (HTTP, gRPC). */
  syncClosure(id: string): { nodes: Set<string>; edges: Set<string> };
  /** Whether the Report says which endpoint makes each of the service's synchronous calls. */
  callsTagged(id: string): boolean;
  /** The synchronous chain behind one endpoint (`METHOD /path`) of a service. */
  endpointChain(id: string, endpoint: string): EndpointChain;
  /** Edge ids on a shortest path between two nodes, ignoring direction; empty when unconnected. */
  pathBetween(a: string, b: string): string[];
  search(query: string, limit?: number): ModelNode[];
}

export function buildViewModel(report: Report): ViewModel {
  const graph = buildModel(report);
  const groups = graph.nodes.length > GROUP_THRESHOLD ? computeGroups(graph) : null;
  const groupOf = new Map<string, NodeGroup>();
  for (const g of groups ?? []) for (const m of g.members) groupOf.set(m, g);
  const out = new Map<string, Edge[]>();
  const inc = new Map<string, Edge[]>();
  for (const e of report.edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e]);
    inc.set(e.to, [...(inc.get(e.to) ?? []), e]);
  }
  const findings = report.findings.map((finding, i) => ({ key: `f${i + 1}`, finding }));
  const bySubject = new Map<string, IndexedFinding[]>();
  for (const f of findings) {
    if (f.finding.suppressed) continue;
    for (const s of new Set(f.finding.subjects)) bySubject.set(s, [...(bySubject.get(s) ?? []), f]);
  }
  const checklist = new Map<string, ChecklistRow[]>();
  for (const row of report.score.checklist) checklist.set(row.service, [...(checklist.get(row.service) ?? []), row]);
  const undirected = new Map<string, [string, string][]>();
  for (const e of graph.edges) {
    undirected.set(e.from, [...(undirected.get(e.from) ?? []), [e.to, e.id]]);
    undirected.set(e.to, [...(undirected.get(e.to) ?? []), [e.from, e.id]]);
  }
  const searchText = new Map(
    graph.nodes.map((n) => [n.id, [n.name, n.id, n.subtitle, ...(report.services.find((s) => s.id === n.id)?.endpoints.map((e) => `${e.method} ${e.path}`) ?? [])].join('\n').toLowerCase()]),
  );
  const services = new Map(report.services.map((s) => [s.id, s]));
  return {
    report,
    graph,
    groups,
    groupOf,
    services,
    datastores: new Map(report.datastores.map((d) => [d.id, d])),
    channels: new Map(report.channels.map((c) => [c.id, c])),
    edgesById: new Map(report.edges.map((e) => [e.id, e])),
    outgoing: (id) => out.get(id) ?? [],
    incoming: (id) => inc.get(id) ?? [],
    findings,
    findingByKey: new Map(findings.map((f) => [f.key, f])),
    findingsOf: (id) => bySubject.get(id) ?? [],
    checklistOf: (name) => checklist.get(name) ?? [],
    name: (id) => graph.byId.get(id)?.name ?? groups?.find((g) => g.id === id)?.label ?? id,
    syncClosure(id) {
      const nodes = new Set([id]);
      const edges = new Set<string>();
      const queue = [id];
      while (queue.length) {
        const current = queue.shift()!;
        for (const e of out.get(current) ?? []) {
          if (e.kind !== 'http' && e.kind !== 'grpc') continue;
          edges.add(e.id);
          if (!nodes.has(e.to)) {
            nodes.add(e.to);
            queue.push(e.to);
          }
        }
      }
      return { nodes, edges };
    },
    callsTagged: (id) => callsTagged(services.get(id), out.get(id) ?? []),
    endpointChain: (id, endpoint) => endpointChain(id, endpoint, (n) => out.get(n) ?? [], (n) => services.get(n)),
    pathBetween(a, b) {
      if (a === b) return [];
      const previous = new Map<string, [string, string]>();
      const queue = [a];
      const seen = new Set([a]);
      while (queue.length) {
        const current = queue.shift()!;
        if (current === b) break;
        for (const [next, edge] of undirected.get(current) ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          previous.set(next, [current, edge]);
          queue.push(next);
        }
      }
      if (!previous.has(b)) return [];
      const path: string[] = [];
      for (let node = b; node !== a; ) {
        const [prev, edge] = previous.get(node)!;
        path.push(edge);
        node = prev;
      }
      return path;
    },
    search(query, limit = 10) {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      const scored: [number, ModelNode][] = [];
      for (const n of graph.nodes) {
        const name = n.name.toLowerCase();
        const score = name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : searchText.get(n.id)!.includes(q) ? 3 : -1;
        if (score >= 0) scored.push([score, n]);
      }
      return scored
        .sort((x, y) => x[0] - y[0] || (x[1].name < y[1].name ? -1 : 1))
        .slice(0, limit)
        .map(([, n]) => n);
    },
  };
}

export function worstSeverity(findings: IndexedFinding[]): Severity | null {
  for (const s of SEVERITY_ORDER) if (findings.some((f) => f.finding.severity === s)) return s;
  return null;
}
