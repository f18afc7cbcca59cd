import type { Classified } from '../classify-candidates.js';
import type { EdgeDraft } from '../build-system.js';
import type { EdgeSet } from '../edge-set.js';
import type { Platform } from '../host-index.js';
import { looksLikeAddressVariable, parseAddresses, type Address } from '../parse-address.js';
import type {
  SharedLibrary,
  Channel,
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
import type { ResiliencePolicyFact } from '../../types/resilience-facts.js';
import { effectiveTimeout, registrationFor, withRegistration } from './call-context.js';
import { isEffect, reachable, resolveTarget, type CallGraph, type EffectFact, type Reached } from './call-graph.js';
import { EndpointPaths, symText } from './endpoint-paths.js';
import { ModuleResolver } from './module-resolver.js';

export interface LinkCodeInput {
  facts: readonly Fact[];
  classified: Map<string, Classified>;
  edges: EdgeSet;
  environmentOf(source: Classified): ManifestEnvFact[];
  platformOf(library: string): Platform | undefined;
  addressTargets(source: Classified, address: Address, platform: Platform | undefined, namespace: string | undefined, variable: string, location: Location): EdgeDraft[];
  /** Adds a channel node (topic, queue, exchange, ...); the same id twice is one node. */
  addChannel(channel: Channel): void;
  /** Records tables a datastore node holds. */
  addTables(datastore: string, tables: readonly string[]): void;
}

/** One endpoint of a service and every effect its handling reaches. */
export interface EndpointReach {
  fact: EndpointFact;
  key: string;
  path: string;
  reached: Reached[];
}

/** What one service's code does: per endpoint, and outside request handling. */
export interface ServiceReach {
  source: Classified;
  /** Code files running in this service (browser code excluded). */
  files: string[];
  env: Map<string, ManifestEnvFact[]>;
  endpoints: EndpointReach[];
  /** Effects reached from start-up code (module bodies: consumers, jobs) or from nowhere known. */
  background: Reached[];
}

/** What a linker gets: the services' reach, and ways to resolve addresses and add graph elements. */
export interface LinkerContext {
  facts: readonly Fact[];
  services: ServiceReach[];
  graph: CallGraph;
  input: LinkCodeInput;
  /** `links.endpoints` are the objects the services' endpoints are built from: a linker may set `mutating` (a GET whose handling writes). */
  links: CodeLinks;
  /** Replaces references to constants of other modules by their values. */
  withValues(sym: SymString, file: string): SymString;
  /** Where an address (URL, connection string, host) in a service's code leads, through its environment. */
  resolveAddress(source: ServiceReach, address: SymString, location: Location): UrlResolution;
}

/** A family-specific linking step (messaging, data access, ...): turns reached effects into nodes, edges and links. */
export type Linker = (ctx: LinkerContext) => void;

/**
 * Links the code facts to the services and the graph: attributes files to services, follows
 * each endpoint's handling through the call graph, resolves every outbound call's address
 * through the service's environment, adds the observed edges, then runs the family linkers.
 */
export function linkCode(input: LinkCodeInput, linkers: readonly Linker[] = []): { links: CodeLinks; endpoints: Map<string, LinkedEndpoint[]> } {
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
    effects: group(facts.filter(isEffect), (f: EffectFact) => f.scope),
    instances: new Map(of(facts, 'client-instance').map((c): [string, ClientInstanceFact] => [`${c.file}#${c.name}`, c])),
    policies: new Map(of(facts, 'resilience-policy').map((p): [string, ResiliencePolicyFact] => [`${p.file}#${p.name}`, p])),
    tokens: group(of(facts, 'client-instance').filter((c) => c.token !== undefined), (c) => c.token!),
    resolver,
  };
  const wrapped = breakerScopes(graph);
  const sources = [...classified.values()].filter((c) => (c.role === 'service' || c.role === 'gateway') && c.path !== null);
  const attribution = attributeFiles(codeFiles, new Map(sources.map((c) => [c.candidate.name, c.path!])), resolver);
  const browser = new Set(codeFiles.filter((f: CodeFileFact) => f.browser).map((f) => f.file));
  const paths = new EndpointPaths(of(facts, 'router-mount'), of(facts, 'router-factory'), graph, [...of(facts, 'global-prefix'), ...of(facts, 'route-autoload')]);
  const endpointsByFile = group(of(facts, 'endpoint'), (f) => f.file);
  const effectsByFile = group(facts.filter(isEffect), (f: EffectFact) => f.file);
  const values = new Map(of(facts, 'module-value').map((v): [string, SymString] => [`${v.file}#${v.name}|${v.path.join('.')}`, v.value]));
  const withValues = (sym: SymString, file: string, depth = 0): SymString =>
    sym.flatMap((part) => {
      if (!('ref' in part) || depth > 5) return [part];
      const target = resolver.resolve(part.ref.from ?? file, part.ref.module);
      const value = target ? values.get(`${target}#${part.ref.name}|${part.ref.path.join('.')}`) : undefined;
      return value ? withValues(value, target!, depth + 1) : [part];
    });
  const filesOf = new Map<string, string[]>();
  for (const [file, owners] of attribution) {
    if (browser.has(file)) continue;
    for (const owner of owners) {
      const list = filesOf.get(owner);
      if (list) list.push(file);
      else filesOf.set(owner, [file]);
    }
  }

  const services: ServiceReach[] = sources.map((source) => {
    const files = (filesOf.get(source.candidate.name) ?? []).sort();
    const fileSet = new Set(files);
    const inService = (r: Reached): boolean => fileSet.has(r.fact.file);
    const endpoints = files.flatMap((file) => endpointsByFile.get(file) ?? []).map((fact): EndpointReach => {
      const path = paths.fullPath(fact, fileSet);
      return { fact, key: `${fact.method} ${path}`, path, reached: handlerScopes(fact, graph).flatMap((entry) => reachable(graph, entry)).filter(inService) };
    });
    const background = files.flatMap((file) => reachable(graph, `${file}#`)).filter(inService);
    const seen = new Set([...endpoints.flatMap((e) => e.reached), ...background].map((r) => `${r.fact.file}:${r.fact.line}:${r.fact.kind}`));
    for (const file of files) {
      for (const fact of effectsByFile.get(file) ?? []) {
        if (seen.has(`${fact.file}:${fact.line}:${fact.kind}`)) continue;
        const own = fact as { inLoop?: boolean; retry?: Reached['retry'] };
        background.push({ fact, inLoop: !!own.inLoop, breaker: wrapped.get(fact.scope) ?? null, retry: own.retry ?? null });
      }
    }
    return { source, files, env: groupEnv(input.environmentOf(source)), endpoints, background };
  });

  const calls = new Map<string, LinkedCall>();
  const background: EndpointCall[] = [];
  const endpointsByService = new Map<string, LinkedEndpoint[]>();
  for (const service of services) {
    const link = (reached: Reached, endpointKey: string | null): EndpointCall | null => {
      if (reached.fact.kind !== 'http-call') return null;
      const fact = reached.fact.token ? withRegistration(reached.fact, registrationFor(graph.tokens, reached.fact)) : reached.fact;
      const call = linkedCall(service.source, { ...fact, url: withValues(fact.url, fact.file) }, service.env, input, calls);
      if (call.target) {
        // gRPC is its own edge kind; HTTP and other request-reply protocols (NestJS TCP) are sync `http` edges; brokers are connections.
        const kind = call.target.startsWith('datastore:') ? 'connects' : call.protocol === 'grpc' ? 'grpc' : 'http';
        input.edges.add({ from: service.source.id, to: call.target, kind, protocol: call.protocol, protocolFrom: 'code', via: call.via[0] ?? 'code', declared: false, observed: true, endpoints: endpointKey ? [endpointKey] : [], location: call.location });
      }
      return { call: call.id, inLoop: reached.inLoop, breaker: reached.breaker, retry: reached.retry, timeout: effectiveTimeout(call.timeout, reached.breaker, reached.timeout) };
    };
    const endpoints: LinkedEndpoint[] = service.endpoints.map((e) => {
      const reached: EndpointCall[] = [];
      const seen = new Set<string>();
      for (const r of e.reached) {
        const linked = link(r, e.key);
        if (linked && !seen.has(reachKey(linked))) {
          seen.add(reachKey(linked));
          reached.push(linked);
        }
      }
      return { service: service.source.id, key: e.key, method: e.fact.method, path: e.path, location: { file: e.fact.file, line: e.fact.line }, mutating: e.fact.mutating, library: e.fact.library, calls: reached };
    });
    endpointsByService.set(service.source.id, dedupeEndpoints(endpoints));
    const backgroundSeen = new Set<string>();
    for (const r of service.background) {
      const linked = link(r, null);
      if (linked && !backgroundSeen.has(reachKey(linked))) {
        backgroundSeen.add(reachKey(linked));
        background.push(linked);
      }
    }
  }

  const links: CodeLinks = {
    calls: [],
    endpoints: [...endpointsByService.values()].flat(),
    backgroundCalls: background,
    libraries: sharedLibraries(attribution, sources, moduleMap?.packages ?? {}),
  };
  const context: LinkerContext = {
    facts,
    services,
    graph,
    input,
    links,
    withValues: (sym, file) => withValues(sym, file),
    resolveAddress: (service, address, location) => resolveUrl(service.source, address, service.env, input, location),
  };
  // A call is behind a breaker when every path that reaches it is.
  const pathsByCall = group([...links.endpoints.flatMap((e) => e.calls), ...background], (p) => p.call);
  for (const call of calls.values()) {
    const mine = pathsByCall.get(call.id) ?? [];
    call.breaker = mine.length && mine.every((p) => p.breaker) ? mine[0]!.breaker : null;
  }
  for (const linker of linkers) linker(context);
  links.calls = [...calls.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { links, endpoints: endpointsByService };
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

/** A call and how it is reached (loop, breaker, retry, timeout): the same key is the same path for rules. */
function reachKey(c: EndpointCall): string {
  return `${c.call}|${c.inLoop}|${!!c.breaker}|${!!c.retry}|${c.timeout.ms}`;
}

/** Scopes a breaker wraps (`new CircuitBreaker(fn)`), for effects no entry point reaches. */
function breakerScopes(graph: CallGraph): Map<string, { library: string; timeoutMs: number | null }> {
  const out = new Map<string, { library: string; timeoutMs: number | null }>();
  for (const policy of graph.policies?.values() ?? []) {
    if (!policy.wraps || !policy.breaker) continue;
    const resolved = resolveTarget(graph, policy.file, policy.wraps);
    if (resolved && 'scope' in resolved) out.set(resolved.scope, { library: policy.library, timeoutMs: policy.breaker.timeoutMs });
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
    breaker: null,
    hardcoded: resolution.hardcoded,
    via: resolution.via,
    undeclaredEnv: resolution.undeclaredEnv,
  };
  calls.set(id, call);
  return call;
}

export interface UrlResolution {
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

/** Code outside every service folder that runs in several services, grouped by workspace package (or top folders). */
function sharedLibraries(attribution: Map<string, string[]>, sources: Classified[], packages: Record<string, string>): SharedLibrary[] {
  const idOf = new Map(sources.map((c) => [c.candidate.name, c.id]));
  const servicePaths = sources.map((c) => c.path!).map((p) => (p === '.' ? '' : p));
  const packageDirs = Object.entries(packages).filter(([, dir]) => dir !== '' && !servicePaths.includes(dir)).sort((a, b) => b[1].length - a[1].length);
  const groups = new Map<string, { name: string; dir: string; services: Set<string>; files: number }>();
  for (const [file, owners] of attribution) {
    if (owners.length < 2) continue;
    if (servicePaths.some((p) => p !== '' && (file === p || file.startsWith(`${p}/`)))) continue;
    const pkg = packageDirs.find(([, dir]) => file.startsWith(`${dir}/`));
    const dir = pkg ? pkg[1] : file.split('/').slice(0, Math.min(2, file.split('/').length - 1)).join('/') || '.';
    const entry = groups.get(dir) ?? { name: pkg ? pkg[0] : dir, dir, services: new Set<string>(), files: 0 };
    for (const owner of owners) entry.services.add(idOf.get(owner) ?? `service:${owner}`);
    entry.files++;
    groups.set(dir, entry);
  }
  return [...groups.values()].map((g) => ({ name: g.name, dir: g.dir, services: [...g.services].sort(), files: g.files })).sort((a, b) => (a.dir < b.dir ? -1 : 1));
}
