import type { Diagnostic } from '../types/index.js';
import { asArray, asInt, asString, isRecord, type YamlDoc, type YamlPath } from './yaml-source.js';

export interface EnvoyEndpoint {
  host: string;
  port?: number | string;
}

/** One static cluster: where it sends traffic and whether it speaks HTTP/2 upstream. */
export interface EnvoyCluster {
  name: string;
  path: YamlPath;
  endpoints: EnvoyEndpoint[];
  http2: boolean;
}

/** Cluster types whose endpoints are only known at run time. */
const DYNAMIC_TYPES = new Set(['EDS', 'ORIGINAL_DST']);

/**
 * Static clusters of an Envoy bootstrap, by name: endpoints from the v3
 * `load_assignment.endpoints[].lb_endpoints[].endpoint.address.socket_address` and the
 * legacy v2 `hosts[].socket_address`. A cluster speaks HTTP/2 when it sets
 * `http2_protocol_options` (v2/v3) or a `typed_extension_protocol_options` entry that does.
 */
export function readClusters(doc: YamlDoc, file: string, diagnostics: Diagnostic[]): Map<string, EnvoyCluster> {
  const out = new Map<string, EnvoyCluster>();
  const statics = isRecord(doc.value) && isRecord(doc.value.static_resources) ? doc.value.static_resources : {};
  asArray(statics.clusters).forEach((raw, index) => {
    const path: YamlPath = ['static_resources', 'clusters', index];
    if (!isRecord(raw)) return;
    const name = asString(raw.name);
    if (!name) {
      diagnostics.push({ level: 'warning', code: 'envoy-invalid', file, line: doc.lineAt(path), message: 'envoy cluster without a name; skipped' });
      return;
    }
    const endpoints = [...loadAssignmentEndpoints(raw.load_assignment), ...asArray(raw.hosts).flatMap((h) => socketEndpoint(h))];
    if (!endpoints.length) {
      const type = asString(raw.type)?.toUpperCase();
      const why = type && DYNAMIC_TYPES.has(type) ? `its endpoints come at run time (type ${type})` : isRecord(raw.cluster_type) ? 'it is a custom cluster type (for example a dynamic forward proxy)' : 'it lists no socket address';
      diagnostics.push({ level: 'info', code: 'envoy-no-endpoints', file, line: doc.lineAt([...path, 'name']), message: `envoy cluster "${name}" has no static endpoint: ${why}; no route recorded for it` });
    }
    const options = raw.typed_extension_protocol_options;
    const http2 = raw.http2_protocol_options !== undefined || (options !== undefined && JSON.stringify(options).includes('http2_protocol_options'));
    out.set(name, { name, path, endpoints, http2 });
  });
  return out;
}

function loadAssignmentEndpoints(assignment: unknown): EnvoyEndpoint[] {
  if (!isRecord(assignment)) return [];
  return asArray(assignment.endpoints).flatMap((locality) =>
    isRecord(locality) ? asArray(locality.lb_endpoints).flatMap((lb) => (isRecord(lb) && isRecord(lb.endpoint) ? socketEndpoint(lb.endpoint.address) : [])) : [],
  );
}

/** `{ socket_address: { address, port_value | named_port } }`; pipes and empty addresses give nothing. */
function socketEndpoint(address: unknown): EnvoyEndpoint[] {
  if (!isRecord(address) || !isRecord(address.socket_address)) return [];
  const socket = address.socket_address;
  const host = asString(socket.address);
  if (!host) return [];
  const port = asInt(socket.port_value) ?? asString(socket.named_port);
  return [port === undefined ? { host } : { host, port }];
}

/** True when the name of a route, cluster or match suggests gRPC. */
export function suggestsGrpc(...names: (string | undefined)[]): boolean {
  return names.some((n) => n !== undefined && /grpc/i.test(n));
}
