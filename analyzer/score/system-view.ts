import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import { liveSyncCall } from '../graph/sync-calls.js';
import type { Datastore, Fact, Service, ServiceGraph } from '../types/index.js';

/** What the score stage reads about the system, gathered once from the graph and the facts. */
export interface SystemView {
  /** Services built from this repository (not third-party images, not gateways), by name. */
  own: Service[];
  /** Own services by node id. */
  byId: Map<string, Service>;
  /** Per own service (name): the datastores it reads, writes or connects to. */
  storesOf: Map<string, Datastore[]>;
  /** Databases (role database) used by two or more own services, with those services (names). */
  sharedDatabases: { datastore: Datastore; services: string[] }[];
  /** Groups of own services (names, sorted) that reach each other through synchronous calls (cycles). */
  syncCycles: string[][];
  /** Own services (names) declared as a Job or CronJob: batch work. */
  batch: Set<string>;
  /** Labels, annotations and namespace of each own service (from the manifests). */
  tags: Map<string, string[]>;
  /** The service (name) a root-relative file belongs to: the deepest service folder holding it. */
  serviceOf(file: string): string | null;
}

const MAX_TAG = 100;

export function systemView(graph: ServiceGraph, facts: readonly Fact[]): SystemView {
  const own: Service[] = [];
  graph.forEachNode((_, a) => {
    if (a.kind === 'service' && !a.service.thirdParty) own.push(a.service);
  });
  own.sort((a, b) => compare(a.name, b.name));
  const byId = new Map(own.map((s) => [s.id, s]));
  const storesOf = new Map<string, Datastore[]>();
  const usersOf = new Map<string, Set<string>>();
  for (const s of own) {
    const stores = new Map<string, Datastore>();
    for (const edge of graph.outEdges(s.id)) {
      const attrs = graph.getEdgeAttributes(edge);
      if (attrs.kind !== 'reads' && attrs.kind !== 'writes' && attrs.kind !== 'connects') continue;
      const target = graph.getNodeAttributes(graph.target(edge));
      if (target.kind !== 'datastore') continue;
      stores.set(target.datastore.id, target.datastore);
      usersOf.set(target.datastore.id, (usersOf.get(target.datastore.id) ?? new Set()).add(s.name));
    }
    storesOf.set(s.name, [...stores.values()].sort((a, b) => compare(a.id, b.id)));
  }
  const sharedDatabases = [...usersOf]
    .map(([id, users]) => ({ datastore: (graph.getNodeAttributes(id) as { datastore: Datastore }).datastore, services: [...users].sort(compare) }))
    .filter((x) => x.datastore.role === 'database' && x.services.length >= 2)
    .sort((a, b) => compare(a.datastore.id, b.datastore.id));

  const batch = new Set<string>();
  const tags = new Map<string, string[]>(own.map((s) => [s.name, [s.namespace ?? '', ...Object.entries(s.labels).flat()].filter(Boolean)]));
  for (const f of facts) {
    if (f.kind !== 'manifest-service') continue;
    if (!tags.has(f.name)) continue;
    if (f.workload === 'Job' || f.workload === 'CronJob') batch.add(f.name);
    tags.get(f.name)!.push(...Object.entries(f.annotations).flat(), ...Object.entries(f.labels).flat(), f.namespace ?? '');
  }
  // Long annotation values (last-applied-configuration, JSON blobs) are not labels: left out.
  for (const [name, list] of tags) tags.set(name, [...new Set(list.filter((t) => t && t.length <= MAX_TAG))].sort(compare));

  const paths = own.filter((s) => s.path !== null).map((s) => ({ name: s.name, dir: s.path === '.' ? '' : s.path! }));
  paths.sort((a, b) => b.dir.length - a.dir.length || compare(a.name, b.name));
  const serviceOf = (file: string): string | null => paths.find((p) => p.dir === '' || file === p.dir || file.startsWith(`${p.dir}/`))?.name ?? null;

  return { own, byId, storesOf, sharedDatabases, syncCycles: syncCycles(graph, byId), batch, tags, serviceOf };
}

/**
 * Groups of own services that reach each other through synchronous calls (strongly connected
 * components of the live http/grpc edges, the same view the service-cycle rule takes), as
 * sorted name lists in sorted order.
 */
function syncCycles(graph: ServiceGraph, byId: Map<string, Service>): string[][] {
  const calls = liveSyncCall(graph);
  const sync = new DirectedGraph();
  graph.forEachEdge((_, e, source, target) => {
    if (!calls(e) || !byId.has(source) || !byId.has(target) || source === target) return;
    sync.mergeNode(source);
    sync.mergeNode(target);
    sync.mergeEdge(source, target);
  });
  return stronglyConnectedComponents(sync)
    .filter((group) => group.length > 1)
    .map((group) => group.map((id) => byId.get(id)!.name).sort(compare))
    .sort((a, b) => compare(a.join(), b.join()));
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Unix seconds as YYYY-MM-DD (UTC). */
export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** "orders’s" is wrong: "orders’", "cart’s". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}\u2019` : `${name}\u2019s`;
}
