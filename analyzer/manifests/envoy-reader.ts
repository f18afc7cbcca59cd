import path from 'node:path';
import type { Diagnostic, Fact, RouteFact } from '../types/index.js';
import { readClusters, suggestsGrpc, type EnvoyCluster } from './envoy-clusters.js';
import type { ReaderContext } from './reader-context.js';
import { asArray, asString, isRecord, parseYamlDocuments, type YamlDoc, type YamlPath } from './yaml-source.js';

const LIBRARY = 'envoy';
const GENERIC_DIRS = new Set(['conf', 'config', 'configs', 'configuration', 'etc', 'bootstrap', 'static']);

/**
 * Reads Envoy static configurations (v3, and the v2 shapes that differ: filter `config`,
 * cluster `hosts`). YAML files holding `static_resources` are read, and JSON files whose
 * path mentions envoy. Each http_connection_manager route to a cluster gives one route
 * fact per endpoint of that cluster; a cluster no route names still gives one per
 * endpoint (path undefined), since the proxy can send traffic there (tcp_proxy, for one).
 *
 * Protocol: grpc when the cluster speaks HTTP/2 upstream (`http2_protocol_options`, or
 * in `typed_extension_protocol_options`) and the cluster name, the route name, its match
 * prefix or path mentions grpc, or the route matches with `grpc: {}`; http otherwise.
 */
export function readEnvoy(ctx: ReaderContext): { facts: Fact[]; files: string[] } {
  const facts: Fact[] = [];
  const files: string[] = [];
  for (const file of ctx.files) {
    const json = file.category === 'other' && file.path.toLowerCase().endsWith('.json') && /envoy/i.test(file.path);
    if (file.category !== 'yaml' && !json) continue;
    const text = ctx.read(file.path);
    if (text === null || !text.includes('static_resources')) continue;
    let found = false;
    for (const doc of parseYamlDocuments(text, file.path, ctx.diagnostics, ctx.config.limits)) {
      if (!isRecord(doc.value) || !isRecord(doc.value.static_resources)) continue;
      found = true;
      facts.push(...envoyRoutes(doc, file.path, gatewayName(file.path), ctx.diagnostics));
    }
    if (found) files.push(file.path);
  }
  return { facts, files };
}

interface RouteRef {
  cluster: string;
  line?: number;
  host?: string;
  path?: string;
  grpcHint: boolean;
}

/** Route facts of one Envoy bootstrap document. */
export function envoyRoutes(doc: YamlDoc, file: string, gateway: string, diagnostics: Diagnostic[]): RouteFact[] {
  const value = isRecord(doc.value) ? doc.value : {};
  if (isRecord(value.dynamic_resources)) {
    diagnostics.push({ level: 'info', code: 'envoy-dynamic', file, line: doc.lineAt(['dynamic_resources']), message: 'envoy dynamic_resources (xDS) are served at run time; only static_resources are read' });
  }
  const clusters = readClusters(doc, file, diagnostics);
  const refs = routeRefs(doc, file, diagnostics);
  const facts: RouteFact[] = [];
  const make = (cluster: EnvoyCluster, line: number | undefined, grpc: boolean, extra: { host?: string; path?: string }): void => {
    for (const endpoint of cluster.endpoints) {
      const fact: RouteFact = { kind: 'route', file, line, library: LIBRARY, gateway, gatewayKind: 'envoy', target: endpoint.host, protocol: grpc ? 'grpc' : 'http' };
      if (extra.host !== undefined) fact.host = extra.host;
      if (extra.path !== undefined) fact.path = extra.path;
      if (endpoint.port !== undefined) fact.port = endpoint.port;
      facts.push(fact);
    }
  };
  const referenced = new Set<string>();
  for (const ref of refs) {
    const cluster = clusters.get(ref.cluster);
    if (!cluster) {
      diagnostics.push({ level: 'info', code: 'envoy-unresolved', file, line: ref.line, message: `envoy route to cluster "${ref.cluster}", which static_resources.clusters does not define; no route recorded` });
      continue;
    }
    referenced.add(cluster.name);
    make(cluster, ref.line, cluster.http2 && (ref.grpcHint || suggestsGrpc(cluster.name)), ref);
  }
  for (const cluster of clusters.values()) {
    if (!referenced.has(cluster.name)) make(cluster, doc.lineAt([...cluster.path, 'name']), cluster.http2 && suggestsGrpc(cluster.name), {});
  }
  return facts;
}

/** Every (route, cluster) pair of the http_connection_manager filters of every listener. */
function routeRefs(doc: YamlDoc, file: string, diagnostics: Diagnostic[]): RouteRef[] {
  const refs: RouteRef[] = [];
  const statics = isRecord(doc.value) && isRecord(doc.value.static_resources) ? doc.value.static_resources : {};
  asArray(statics.listeners).forEach((listener, l) => {
    if (!isRecord(listener)) return;
    const chains: { chain: unknown; path: YamlPath }[] = asArray(listener.filter_chains).map((chain, c) => ({ chain, path: ['static_resources', 'listeners', l, 'filter_chains', c] }));
    if (listener.default_filter_chain !== undefined) chains.push({ chain: listener.default_filter_chain, path: ['static_resources', 'listeners', l, 'default_filter_chain'] });
    for (const { chain, path: chainPath } of chains) {
      if (!isRecord(chain)) continue;
      asArray(chain.filters).forEach((filter, f) => {
        if (!isRecord(filter)) return;
        const key = isRecord(filter.typed_config) ? 'typed_config' : 'config';
        const config = filter[key];
        const type = isRecord(config) ? asString(config['@type']) : undefined;
        if (!isRecord(config) || !(/http_connection_manager/.test(asString(filter.name) ?? '') || /HttpConnectionManager/.test(type ?? ''))) return;
        const base: YamlPath = [...chainPath, 'filters', f, key];
        if (isRecord(config.rds)) {
          diagnostics.push({ level: 'info', code: 'envoy-dynamic', file, line: doc.lineAt([...base, 'rds']), message: 'envoy routes come from RDS at run time; not read' });
        }
        if (isRecord(config.route_config)) refs.push(...virtualHostRefs(doc, file, config.route_config, [...base, 'route_config'], diagnostics));
      });
    }
  });
  return refs;
}

function virtualHostRefs(doc: YamlDoc, file: string, routeConfig: Record<string, unknown>, base: YamlPath, diagnostics: Diagnostic[]): RouteRef[] {
  const refs: RouteRef[] = [];
  asArray(routeConfig.virtual_hosts).forEach((vhost, v) => {
    if (!isRecord(vhost)) return;
    const host = asArray(vhost.domains).map(asString).find((d) => d !== undefined && d !== '*');
    asArray(vhost.routes).forEach((route, r) => {
      if (!isRecord(route) || !isRecord(route.route)) return;
      const at: YamlPath = [...base, 'virtual_hosts', v, 'routes', r];
      const match = isRecord(route.match) ? route.match : {};
      const safeRegex = isRecord(match.safe_regex) ? asString(match.safe_regex.regex) : undefined;
      const matchPath = asString(match.prefix) ?? asString(match.path) ?? asString(match.path_separated_prefix) ?? safeRegex ?? asString(match.regex);
      const grpcHint = match.grpc !== undefined || suggestsGrpc(asString(route.name), matchPath);
      const common = { host, path: matchPath, grpcHint };
      const action = route.route;
      const cluster = asString(action.cluster);
      if (cluster) refs.push({ ...common, cluster, line: doc.lineAt([...at, 'route', 'cluster']) });
      const weighted = isRecord(action.weighted_clusters) ? asArray(action.weighted_clusters.clusters) : [];
      weighted.forEach((w, i) => {
        const name = isRecord(w) ? asString(w.name) : undefined;
        if (name) refs.push({ ...common, cluster: name, line: doc.lineAt([...at, 'route', 'weighted_clusters', 'clusters', i, 'name']) });
      });
      if (action.cluster_header !== undefined) {
        diagnostics.push({ level: 'info', code: 'envoy-unresolved', file, line: doc.lineAt([...at, 'route', 'cluster_header']), message: `envoy route picks its cluster from the request header "${asString(action.cluster_header) ?? ''}"; no route recorded` });
      }
    });
  });
  return refs;
}

/** Default gateway name: the nearest folder above the config that is not a generic one, else `envoy`. */
export function gatewayName(file: string): string {
  const dirs = path.posix.dirname(file).split('/').filter((d) => d && d !== '.');
  for (let i = dirs.length - 1; i >= 0; i--) if (!GENERIC_DIRS.has(dirs[i]!.toLowerCase())) return dirs[i]!;
  return 'envoy';
}
