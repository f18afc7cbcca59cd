import { SYNC_EDGE_KINDS, type Edge, type Service, type ServiceGraph } from '../types/index.js';

/** Whether archreview read the service's own code (TypeScript or JavaScript with lines in it). */
export function codeAnalysed(service: Service): boolean {
  return service.path !== null && (service.language === 'TypeScript' || service.language === 'JavaScript') && (service.loc ?? 0) > 0;
}

/**
 * A predicate over the graph's edges: whether an edge stands for a synchronous call that
 * happens. An address the manifests hand a service whose code archreview read, and in which
 * no call to that address was seen, is dead configuration (unused-dependency reports it),
 * not a call; without the code, the manifests are all there is, so their edges count.
 * The service-cycle rule and the scorecard both see cycles through this one view.
 */
export function liveSyncCall(graph: ServiceGraph): (edge: Edge) => boolean {
  const observed = new Set<string>();
  graph.forEachEdge((_, edge) => {
    if (edge.observed) observed.add(`${edge.from}->${edge.to}`);
  });
  const readCode = (id: string): boolean => {
    const node = graph.getNodeAttributes(id);
    return (node.kind === 'service' || node.kind === 'gateway') && codeAnalysed(node.service);
  };
  return (edge) => SYNC_EDGE_KINDS.has(edge.kind) && (edge.observed || observed.has(`${edge.from}->${edge.to}`) || !readCode(edge.from));
}
