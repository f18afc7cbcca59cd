import type { Classified } from '../classify-candidates.js';
import type { EdgeDraft } from '../build-system.js';
import type { EdgeSet } from '../edge-set.js';
import type { Platform } from '../host-index.js';
import { looksLikeAddressVariable, parseAddresses, type Address } from '../parse-address.js';
import type {
  ClientInstanceFact,
  CodeFileFact,
  CodeLinks,
  CodeScopeFact,
  EndpointCall,
  EndpointFact,
  Fact,
  FactOf,
  HttpCallFact,
  LinkedCall,
  LinkedEndpoint,
  Location,
  ManifestEnvFact,
  SymString,
} from '../../types/index.js';
import { attributeFiles } from './attribution.js';
import { reachableCalls, resolveTarget, type CallGraph, type ReachedCall } from './call-graph.js';
import { EndpointPaths, symText } from './endpoint-paths.js';
import { ModuleResolver } from './module-resolver.js';

export interface LinkCodeInput {
  facts: readonly Fact[];
  classified: Map<string, Classified>;
  edges: EdgeSet;
  environmentOf(source: Classified): ManifestEnvFact[];
  platformOf(library: string): Platform | undefined;
  addressTargets(source: Classified, address: Address, platform: Platform | undefined, namespace: string | undefined, variable: string, location: Location): EdgeDraft[];
}

function of<K extends Fact['kind']>(facts: readonly Fact[], kind: K): FactOf<K>[] {
  return facts.filter((f): f is FactOf<K> => f.kind === kind);
}

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Links the code facts to the services and the graph: attributes files to services, follows
 * each endpoint's handling through the call graph, resolves every outbound call's address
 * through the service's environment, and adds the observed edges.
 */
export function linkCode(input: LinkCodeInput): { links: CodeLinks; endpoints: Map<string, LinkedEndpoint[]> } {
  const { facts, classified } = input;
  const codeFiles = of(facts, 'code-file');
  const moduleMap = of(facts, 'module-map')[0];
  const resolver = new ModuleResolver({
    codeFiles: new Set(codeFiles.map((f) => f.file)),
    pathAliases: moduleMap?.aliases ?? [],
    packageDirs: new Map(Object.entries(moduleMap?.packages ?? {})),
  });
  const graph: CallGraph = {
    scopes: new Map(of(facts, 'code-scope').map((s): [string, CodeScopeFact] => [s.scope, s])),
    httpCalls: group(of(facts, 'http-call'), (f) => f.scope),
    instances: new Map(of(facts, 'client-instance').map((c): [string, ClientInstanceFact] => [`${c.file}#${c.name}`, c])),
    resolver,
  };
  const services = [...classified.values()].filter((c) => (c.role === 'service' || c.role === 'gateway') && c.path !== null);
  const attribution = attributeFiles(codeFiles, new Map(services.map((c) => [c.candidate.name, c.path!])), resolver);
  const browser = new Set(codeFiles.filter((f: CodeFileFact) => f.browser).map((f) => f.file));
  const paths = new EndpointPaths(of(facts, 'router-mount'), of(facts, 'router-factory'), graph);
  const endpointFacts = of(facts, 'endpoint');
  const callsByFile = group(of(facts, 'http-call'), (f) => f.file);
  const values = new Map(of(facts, 'module-value').map((v): [string, SymString] => [`${v.file}#${v.name}|${v.path.join('.')}`, v.value]));
  /** Replaces references to other modules' constants by their values (`config.usersUrl` → env USERS_URL). */
  const withValues = (sym: SymString, file: string, depth = 0): SymString =>
    sym.flatMap((part) => {
      if (!('ref' in part) || depth > 5) return [part];
      const target = resolver.resolve(part.ref.from ?? file, part.ref.module);
      const value = target ? values.get(`${target}#${part.ref.name}|${part.ref.path.join('.')}`) : undefined;
      return value ? withValues(value, target!, depth + 1) : [part];
    });

  const calls = new Map<string, LinkedCall>();
  const endpointsByService = new Map<string, LinkedEndpoint[]>();
  const background: EndpointCall[] = [];

  for (const source of services) {
    const name = source.candidate.name;
    const files = [...attribution].filter(([, owners]) => owners.includes(name)).map(([file]) => file).filter((f) => !browser.has(f)).sort();
    const fileSet = new Set(files);
    const env = groupEnv(input.environmentOf(source));

    const link = (reached: ReachedCall, endpointKey: string | null): EndpointCall | null => {
      if (!fileSet.has(reached.fact.file)) return null;
      const call = linkedCall(source, { ...reached.fact, url: withValues(reached.fact.url, reached.fact.file) }, env, input, calls);
      if (endpointKey && call.target) {
        const kind = call.target.startsWith('datastore:') ? 'connects' : call.protocol;
        input.edges.add({ from: source.id, to: call.target, kind, protocol: call.protocol, protocolFrom: 'code', via: call.via[0] ?? 'code', declared: false, observed: true, endpoints: [endpointKey], location: call.location });
      }
      return { call: call.id, inLoop: reached.inLoop, breaker: reached.breaker, retry: reached.retry };
    };

    const endpoints: LinkedEndpoint[] = [];
    for (const endpoint of endpointFacts.filter((e) => fileSet.has(e.file))) {
      const path = paths.fullPath(endpoint);
      const key = `${endpoint.method} ${path}`;
      const reached: EndpointCall[] = [];
      for (const entry of handlerScopes(endpoint, graph)) {
        for (const r of reachableCalls(graph, entry)) {
          const linked = link(r, key);
          if (linked && !reached.some((x) => x.call === linked.call && x.inLoop === linked.inLoop && !!x.breaker === !!linked.breaker && !!x.retry === !!linked.retry)) reached.push(linked);
        }
      }
      endpoints.push({ service: source.id, key, method: endpoint.method, path, location: { file: endpoint.file, line: endpoint.line }, mutating: endpoint.mutating, library: endpoint.library, calls: reached });
    }
    endpointsByService.set(source.id, dedupeEndpoints(endpoints));

    // Calls made outside request handling (start-up, consumers, jobs), and any call site no path reached.
    const reachedSites = new Set<string>();
    for (const file of files) {
      for (const r of reachableCalls(graph, `${file}#`)) {
        const linked = link(r, null);
        if (linked) {
          background.push(linked);
          reachedSites.add(`${r.fact.file}:${r.fact.line}`);
        }
      }
    }
    for (const file of files) {
      for (const fact of callsByFile.get(file) ?? []) if (!reachedSites.has(`${fact.file}:${fact.line}`)) link({ fact, inLoop: fact.inLoop, breaker: null, retry: fact.retry }, null);
    }
  }

  // Every linked call with a target is an observed edge, whether or not an endpoint reaches it.
  for (const call of calls.values()) {
    if (!call.target) continue;
    const kind = call.target.startsWith('datastore:') ? 'connects' : call.protocol;
    input.edges.add({ from: call.service, to: call.target, kind, protocol: call.protocol, protocolFrom: 'code', via: call.via[0] ?? 'code', declared: false, observed: true, location: call.location });
  }
  return {
    links: { calls: [...calls.values()].sort((a, b) => (a.id < b.id ? -1 : 1)), endpoints: [...endpointsByService.values()].flat(), backgroundCalls: background },
    endpoints: endpointsByService,
  };
}

function handlerScopes(endpoint: EndpointFact, graph: CallGraph): string[] {
  const out: string[] = [];
  for (const handler of endpoint.handlers) {
    if (typeof handler === 'string') out.push(handler);
    else {
      const resolved = resolveTarget(graph, endpoint.file, handler);
      if (resolved && 'scope' in resolved) out.push(resolved.scope);
    }
  }
  return out;
}

function dedupeEndpoints(endpoints: LinkedEndpoint[]): LinkedEndpoint[] {
  const seen = new Map<string, LinkedEndpoint>();
  for (const e of endpoints.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0)))) {
    if (!seen.has(`${e.key}@${e.location.file}:${e.location.line}`)) seen.set(`${e.key}@${e.location.file}:${e.location.line}`, e);
  }
  return [...seen.values()];
}

function groupEnv(env: ManifestEnvFact[]): Map<string, ManifestEnvFact[]> {
  return group(
    env.filter((e) => e.value !== null),
    (e) => e.name,
  );
}

/** Resolves one call's address in the context of the calling service; memoised per site and URL. */
function linkedCall(source: Classified, fact: HttpCallFact, env: Map<string, ManifestEnvFact[]>, input: LinkCodeInput, calls: Map<string, LinkedCall>): LinkedCall {
  const urlText = symText(fact.url);
  const id = `${source.id}|${fact.file}:${fact.line}|${fact.library}|${urlText}`;
  const existing = calls.get(id);
  if (existing) return existing;
  const location: Location = fact.line ? { file: fact.file, line: fact.line } : { file: fact.file };
  const resolution = resolveUrl(source, fact.url, env, input, location);
  const call: LinkedCall = {
    id,
    service: source.id,
    target: resolution.targets[0] ?? null,
    protocol: fact.protocol,
    library: fact.library,
    method: fact.method,
    url: fact.url,
    location,
    timeout: fact.timeout,
    retry: fact.retry,
    hardcoded: resolution.hardcoded,
    via: resolution.via,
    undeclaredEnv: resolution.undeclaredEnv,
  };
  calls.set(id, call);
  return call;
}

interface UrlResolution {
  targets: string[];
  via: string[];
  hardcoded: boolean;
  undeclaredEnv: string | null;
}

const MAX_RENDERINGS = 6;

/** Concrete texts a symbolic URL can take with the service's environment (compose and Kubernetes values may differ). */
interface Rendering {
  text: string;
  platformFrom: ManifestEnvFact | null;
  vars: string[];
  missing: string[];
  /** A default written in the code stood in for a variable no manifest sets. */
  usedFallback: boolean;
}

function render(url: SymString, env: Map<string, ManifestEnvFact[]>): Rendering[] {
  let out: Rendering[] = [{ text: '', platformFrom: null, vars: [], missing: [], usedFallback: false }];
  for (const part of url) {
    if ('lit' in part) out = out.map((r) => ({ ...r, text: r.text + part.lit }));
    else if ('env' in part) {
      const values = env.get(part.env) ?? [];
      if (!values.length) {
        out = out.map((r) => (part.fallback !== undefined ? { ...r, text: r.text + part.fallback, usedFallback: true } : { ...r, text: `${r.text}\u0000`, missing: [...r.missing, part.env] }));
        continue;
      }
      const distinct = [...new Map(values.map((v) => [`${v.value}|${v.library}`, v])).values()].slice(0, 3);
      out = out.flatMap((r) => distinct.map((v) => ({ ...r, text: r.text + v.value, platformFrom: r.platformFrom ?? v, vars: [...r.vars, part.env] }))).slice(0, MAX_RENDERINGS);
    } else out = out.map((r) => ({ ...r, text: `${r.text}\u0000` }));
  }
  return out;
}

function resolveUrl(source: Classified, url: SymString, env: Map<string, ManifestEnvFact[]>, input: LinkCodeInput, location: Location): UrlResolution {
  const targets = new Set<string>();
  const via = new Set<string>();
  let undeclaredEnv: string | null = null;
  let hardcoded = false;
  const firstIsEnv = !!url[0] && 'env' in url[0];
  for (const rendering of render(url, env)) {
    const text = rendering.text.trim();
    // scheme://host[:port] or host:port at the start; a placeholder inside the host means unresolved.
    const hostPart = /^([a-z][a-z0-9+.-]*:\/\/)?[^/?#\s]*/i.exec(text)?.[0] ?? '';
    if (!hostPart || hostPart.includes('\u0000') || hostPart.endsWith('://')) {
      const missing = rendering.missing[0];
      if (missing && !undeclaredEnv) {
        const part = url.find((p) => 'env' in p && p.env === missing);
        if (part && 'env' in part && (!part.guessed || looksLikeAddressVariable(missing))) undeclaredEnv = missing;
      }
      continue;
    }
    const address = parseAddresses(hostPart, rendering.vars.length > 0)[0];
    if (!address) continue;
    const fact = rendering.platformFrom;
    const drafts = input.addressTargets(source, address, fact ? input.platformOf(fact.library) : undefined, fact?.namespace, rendering.vars[0] ?? '', location);
    for (const d of drafts) targets.add(d.to);
    for (const v of rendering.vars) via.add(v);
    const literalHost = (!firstIsEnv && rendering.vars.length === 0) || (rendering.usedFallback && rendering.vars.length === 0);
    if (literalHost && drafts.some((d) => !d.to.startsWith('external:'))) hardcoded = true;
  }
  return { targets: [...targets].sort(), via: [...via].sort(), hardcoded, undeclaredEnv: targets.size ? null : undeclaredEnv };
}
