import { MultiDirectedGraph } from 'graphology';
import type { Diagnostic, GraphNode, ServiceGraph } from '../types/index.js';
import type { SystemModel } from '../resolve/build-system.js';

/** Builds the read-only service graph from the resolved system. Edges to unknown nodes become diagnostics. */
export function buildGraph(system: SystemModel, diagnostics: Diagnostic[]): ServiceGraph {
  const graph: ServiceGraph = new MultiDirectedGraph<GraphNode, SystemModel['edges'][number]>();
  for (const service of system.services) graph.addNode(service.id, { kind: service.kind, service });
  for (const datastore of system.datastores) graph.addNode(datastore.id, { kind: 'datastore', datastore });
  for (const channel of system.channels) graph.addNode(channel.id, { kind: 'channel', channel });
  for (const edge of system.edges) {
    if (!graph.hasNode(edge.from) || !graph.hasNode(edge.to)) {
      diagnostics.push({ level: 'error', code: 'internal-dangling-edge', message: `edge ${edge.id} refers to a node that does not exist` });
      continue;
    }
    graph.addDirectedEdgeWithKey(edge.id, edge.from, edge.to, edge);
  }
  return graph;
}
