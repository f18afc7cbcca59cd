import type { Edge, Endpoint, Service } from './report-types.js';

/** `METHOD /path`, as edges name the endpoints whose handling makes a call. */
export function endpointKey(e: Pick<Endpoint, 'method' | 'path'>): string {
  return `${e.method} ${e.path}`;
}

export const isSync = (e: Edge): boolean => e.kind === 'http' || e.kind === 'grpc';

/** Whether archreview read the service's code, so its calls carry the endpoints that make them (as analyzer/graph/sync-calls.ts decides). */
export function codeRead(service: Service | undefined): boolean {
  return !!service && service.path !== null && /^(typescript|javascript)$/i.test(service.language ?? '') && (service.loc ?? 0) > 0;
}

/** Whether the Report ties this service's synchronous calls to its endpoints (older Reports have no `endpoints` on edges). */
export function callsTagged(service: Service | undefined, outgoing: Edge[]): boolean {
  return codeRead(service) && outgoing.some((e) => isSync(e) && e.endpoints !== undefined);
}

/** The synchronous calls an endpoint's handling makes: the service's calls tagged with it. */
export function callsOfEndpoint(outgoing: Edge[], key: string): Edge[] {
  return outgoing.filter((e) => isSync(e) && (e.endpoints ?? []).includes(key));
}

/**
 * Whether a downstream service may make this call while it serves a request from upstream.
 * The Report does not say which endpoint of the callee a call reaches, so every call some
 * endpoint makes may follow. A call no endpoint makes (a consumer's, a timer's, or an address
 * the code never uses) does not, when archreview read the code; without the code, or in a
 * Report without endpoint tags, the manifests' wiring is all there is, so it may.
 */
export function mayFollow(edge: Edge, caller: Service | undefined): boolean {
  if (!isSync(edge)) return false;
  if (edge.endpoints === undefined || edge.endpoints.length > 0) return true;
  return !codeRead(caller);
}

export interface EndpointChain {
  nodes: Set<string>;
  /** Every edge of the chain. */
  edges: Set<string>;
  /** Edges the endpoint's handling makes itself: the first hop, known for certain. */
  direct: Set<string>;
}

/** The synchronous chain behind one endpoint: its own calls, then whatever each callee may call (see `mayFollow`). */
export function endpointChain(serviceId: string, key: string, outgoing: (id: string) => Edge[], service: (id: string) => Service | undefined): EndpointChain {
  const first = callsOfEndpoint(outgoing(serviceId), key);
  const direct = new Set(first.map((e) => e.id));
  const edges = new Set(direct);
  const nodes = new Set([serviceId]);
  // Each callee is followed once; the service itself too when a cycle leads back to it, and then with all its calls.
  const followed = new Set<string>();
  const queue = first.map((e) => e.to);
  while (queue.length) {
    const current = queue.shift()!;
    nodes.add(current);
    if (followed.has(current)) continue;
    followed.add(current);
    for (const e of outgoing(current)) {
      if (!mayFollow(e, service(current))) continue;
      edges.add(e.id);
      queue.push(e.to);
    }
  }
  return { nodes, edges, direct };
}
