import { symText, type CodeLinks, type EndpointCall, type LinkedCall, type LinkedEndpoint, type Location, type ServiceGraph } from '../../analyzer/types/index.js';

/** A linked call with every path that reaches it: from endpoints, or from start-up and consumers. */
export interface CallUse {
  call: LinkedCall;
  paths: { endpoint: LinkedEndpoint | null; path: EndpointCall }[];
}

/** Every linked call with the paths that reach it, in a stable order. */
export function callUses(links: CodeLinks): CallUse[] {
  const byId = new Map<string, CallUse>(links.calls.map((call) => [call.id, { call, paths: [] }]));
  for (const endpoint of links.endpoints) for (const path of endpoint.calls) byId.get(path.call)?.paths.push({ endpoint, path });
  for (const path of links.backgroundCalls) byId.get(path.call)?.paths.push({ endpoint: null, path });
  return [...byId.values()];
}

/** The text a call's finding is fingerprinted by: library, method and URL, never its line. */
export function callEvidence(call: LinkedCall): string {
  return `${call.library} ${call.method ?? '*'} ${symText(call.url)}`;
}

/** True for services and gateways (workloads of the system), not datastores, channels or external systems. */
export function isWorkload(graph: ServiceGraph, id: string | null): id is string {
  if (!id || !graph.hasNode(id)) return false;
  const kind = graph.getNodeAttribute(id, 'kind');
  return kind === 'service' || kind === 'gateway';
}

/** Sync-call targets: workloads and external systems. */
export function isSyncTarget(graph: ServiceGraph, id: string | null): id is string {
  if (!id || !graph.hasNode(id)) return false;
  const kind = graph.getNodeAttribute(id, 'kind');
  return kind === 'service' || kind === 'gateway' || kind === 'external';
}

/** Gateway forwarding (proxy middleware): bounded by the proxy's timeout, not a call the service composes. */
export function isProxy(call: LinkedCall): boolean {
  return call.library === 'http-proxy-middleware' || call.library === 'express-http-proxy';
}

export function byLocation(a: Location, b: Location): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0);
}

/** Milliseconds in words for messages: 1500 → "1.5 s", 800 → "800 ms". */
export function duration(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
