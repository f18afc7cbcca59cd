import { DATA_EDGE_KINDS, type Datastore, type Edge, type ServiceGraph } from '../../analyzer/types/index.js';

/** Datastores of the graph with the workloads that connect to, read or write them. */
export function datastoreUsers(graph: ServiceGraph): { datastore: Datastore; users: Map<string, Edge[]> }[] {
  const out: { datastore: Datastore; users: Map<string, Edge[]> }[] = [];
  graph.forEachNode((id, attrs) => {
    if (attrs.kind !== 'datastore') return;
    const users = new Map<string, Edge[]>();
    for (const edgeId of graph.inEdges(id)) {
      const edge = graph.getEdgeAttributes(edgeId);
      if (!DATA_EDGE_KINDS.has(edge.kind)) continue;
      const kind = graph.getNodeAttribute(edge.from, 'kind');
      if (kind !== 'service' && kind !== 'gateway') continue;
      users.set(edge.from, [...(users.get(edge.from) ?? []), edge]);
    }
    out.push({ datastore: attrs.datastore, users });
  });
  return out.sort((a, b) => (a.datastore.id < b.datastore.id ? -1 : 1));
}

export const CODE_FILE = /\.(m|c)?[jt]sx?$/;
