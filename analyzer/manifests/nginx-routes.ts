import type { Diagnostic, RouteFact } from '../types/index.js';
import type { NginxDirective } from './nginx-parser.js';
import { NginxVariables, unresolvedIn } from './nginx-variables.js';

/** Directives that send a request to a backend, and the protocol they speak. */
const PASS_DIRECTIVES = new Map<string, RouteFact['protocol']>([
  ['proxy_pass', 'http'],
  ['grpc_pass', 'grpc'],
  ['fastcgi_pass', 'http'],
  ['uwsgi_pass', 'http'],
  ['scgi_pass', 'http'],
]);
const DEFAULT_PORTS = new Map([['http', 80], ['https', 443], ['grpc', 80], ['grpcs', 443]]);
/** Blocks that hold no routes (or, for stream, TCP/UDP routes this reader does not model). */
const SKIPPED_BLOCKS = new Set(['upstream', 'map', 'geo', 'split_clients', 'types', 'stream', 'events', 'mail']);

interface Upstream {
  host: string;
  port: number;
}

interface Place {
  host?: string;
  path?: string;
  scopes: readonly (readonly NginxDirective[])[];
}

/**
 * Route facts of one expanded nginx configuration: one per backend host each `*_pass`
 * can reach. `proxy_pass http://NAME` goes through `upstream NAME` to every server in
 * it; variables are replaced by their `set` or `map` values; a host that stays a variable
 * becomes an `nginx-unresolved` diagnostic. The route's host is the server block's first
 * `server_name` (other than `_`), its path the innermost location.
 */
export function nginxRoutes(tree: readonly NginxDirective[], gateway: string, diagnostics: Diagnostic[]): RouteFact[] {
  const upstreams = collectUpstreams(tree);
  const variables = new NginxVariables(tree);
  const facts: RouteFact[] = [];

  const emit = (d: NginxDirective, place: Place): void => {
    const protocol = PASS_DIRECTIVES.get(d.name) ?? 'http';
    const raw = d.args[0];
    if (!raw) return;
    const reported = new Set<string>();
    for (const value of variables.expand(raw, place.scopes)) {
      const target = parseTarget(value);
      if (!target) continue;
      const unresolved = unresolvedIn(`${target.host}:${target.portText ?? ''}`);
      if (unresolved !== undefined) {
        if (!reported.has(unresolved)) {
          reported.add(unresolved);
          const template = d.file.endsWith('.template') && raw.includes(`\${${unresolved}}`);
          const why = template ? 'which the nginx image fills in from the container environment at start (envsubst)' : 'which no set or map in this config defines';
          diagnostics.push({ level: 'info', code: 'nginx-unresolved', file: d.file, line: d.line, message: `${d.file}:${d.line}: ${d.name} ${raw}: the target host depends on $${unresolved}, ${why}; no route recorded` });
        }
        continue;
      }
      const servers = target.portText === undefined ? upstreams.get(target.host) : undefined;
      const backends = servers ?? [{ host: target.host, port: target.port }];
      for (const backend of backends) {
        const fact: RouteFact = { kind: 'route', file: d.file, line: d.line, library: 'nginx', gateway, gatewayKind: 'nginx', target: backend.host, protocol };
        if (place.host !== undefined) fact.host = place.host;
        if (place.path !== undefined) fact.path = place.path;
        if (backend.port !== undefined) fact.port = backend.port;
        facts.push(fact);
      }
    }
  };

  const walk = (directives: readonly NginxDirective[], place: Place): void => {
    const scopes = [...place.scopes, directives];
    for (const d of directives) {
      if (SKIPPED_BLOCKS.has(d.name)) {
        if (d.name === 'stream' && d.block) diagnostics.push({ level: 'info', code: 'nginx-stream-skipped', file: d.file, line: d.line, message: 'stream (TCP/UDP) proxying is not read; only http, grpc, fastcgi, uwsgi and scgi routes are' });
        continue;
      }
      if (PASS_DIRECTIVES.has(d.name) && !d.block) emit(d, { ...place, scopes });
      if (!d.block) continue;
      if (d.name === 'server') walk(d.block, { host: serverName(d.block), scopes: [] });
      else if (d.name === 'location') walk(d.block, { ...place, path: d.args[d.args.length - 1] ?? place.path, scopes });
      else walk(d.block, { ...place, scopes });
    }
  };
  walk(tree, { scopes: [] });
  return facts;
}

function collectUpstreams(tree: readonly NginxDirective[]): Map<string, Upstream[]> {
  const out = new Map<string, Upstream[]>();
  const visit = (directives: readonly NginxDirective[]): void => {
    for (const d of directives) {
      if (d.name === 'upstream' && d.block && d.args[0]) {
        const servers: Upstream[] = [];
        for (const s of d.block) {
          if (s.name !== 'server' || !s.args[0]) continue;
          const target = parseTarget(s.args[0]);
          if (target) servers.push({ host: target.host, port: target.port ?? 80 });
        }
        out.set(d.args[0], servers);
      } else if (d.block && d.name !== 'stream') visit(d.block);
    }
  };
  visit(tree);
  return out;
}

function serverName(block: readonly NginxDirective[]): string | undefined {
  for (const d of block) {
    if (d.name !== 'server_name') continue;
    const name = d.args.find((a) => a !== '_' && a !== '');
    if (name) return name;
  }
  return undefined;
}

interface Target {
  scheme?: string;
  host: string;
  /** The port as written, when the target names one. */
  portText?: string;
  /** That port as a number, else the scheme's default. */
  port?: number;
}

/** Host and port of a pass target (`http://api:3000/x`, `grpc://h`, `php:9000`); null for unix sockets and empty values. */
export function parseTarget(value: string): Target | null {
  if (/^unix:/i.test(value)) return null;
  const m = /^(?:([^:/?#]*):\/\/)?([^/?#]*)/.exec(value);
  const scheme = m?.[1]?.toLowerCase();
  const authority = (m?.[2] ?? '').replace(/^[^@]*@/, '');
  if (!authority) return null;
  let host = authority;
  let portText: string | undefined;
  const v6 = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
  if (v6) [host, portText] = [v6[1] ?? '', v6[2]];
  else if (authority.includes(':')) {
    const at = authority.lastIndexOf(':');
    [host, portText] = [authority.slice(0, at), authority.slice(at + 1)];
  }
  if (!host) return null;
  const target: Target = { host };
  if (scheme !== undefined) target.scheme = scheme;
  if (portText !== undefined) target.portText = portText;
  const port = portText === undefined ? (scheme ? DEFAULT_PORTS.get(scheme) : undefined) : /^\d+$/.test(portText) ? Number.parseInt(portText, 10) : undefined;
  if (port !== undefined) target.port = port;
  return target;
}
