import type { Config } from '../config/schema.js';
import type { Channel, CodeLinks, Datastore, Diagnostic, DockerfileFact, Edge, Fact, FactOf, Location, ManifestEnvFact, Service } from '../types/index.js';
import { collectCandidates, locationOf, type Candidate } from './candidates.js';
import { classifyCandidates, proxyOwner, type Classified } from './classify-candidates.js';
import { infraKindByName } from './classify-image.js';
import { EdgeSet } from './edge-set.js';
import { buildHostIndex, platformOf, type HostTarget, type Platform } from './host-index.js';
import { isDatabaseScheme, isLocalHost, isNonDependencyVariable, looksLikeAddressVariable, parseAddresses, type Address } from './parse-address.js';
import { datastoreProtocol, guessSyncProtocol, kindFromScheme } from './protocol.js';
import { linkCode } from './code/link-code.js';
import { LINKERS } from './code/linkers.js';
import { describeService, type Exposure } from './describe-service.js';
import { codeStats } from './service-paths.js';
import { DatastoreRegistry } from './datastores.js';

/** An edge before it knows where it starts and why. */
export interface EdgeDraft {
  to: string;
  kind: Edge['kind'];
  protocol: string | null;
  protocolFrom: Edge['protocolFrom'];
  database?: string | null;
}

/** The resolved system: every node and edge, ready to become the graph. */
export interface SystemModel {
  services: Service[];
  datastores: Datastore[];
  channels: Channel[];
  edges: Edge[];
  /** Code evidence linked to services: outbound calls and what each endpoint reaches. */
  links: CodeLinks;
}

export interface ResolveInput {
  facts: readonly Fact[];
  filePaths: readonly string[];
  config: Config;
  diagnostics: Diagnostic[];
}

const BROKER_SCHEMES = /^(amqps?|kafka|nats|mqtt|pulsar)$/;

/**
 * Links manifest facts into services, datastores and edges: classifies each workload,
 * resolves every address-like environment value through a DNS-like index (Kubernetes
 * Services, compose names and aliases), adds ingress and proxy routes and depends_on.
 */
export function buildSystem(input: ResolveInput): SystemModel {
  const { facts, config, diagnostics } = input;
  const of = <K extends Fact['kind']>(kind: K): FactOf<K>[] => facts.filter((f): f is FactOf<K> => f.kind === kind);
  const candidates = collectCandidates(facts, diagnostics);
  const dockerfiles = new Map(of('dockerfile').map((d) => [d.file, d]));
  const dockerDirs = new Map(of('dockerfile').map((d) => [d.dir, d]));
  const routes = of('route');
  const sources = of('source-file');
  const classified = classifyCandidates({ candidates, config, filePaths: input.filePaths, sources, dockerfiles, routes, diagnostics });
  const index = buildHostIndex(candidates, of('network-service'), diagnostics);
  const edges = new EdgeSet();
  const stores = new DatastoreRegistry(classified);
  const externals = new Map<string, Location[]>();
  const gateways = new Map<string, { name: string; locations: Location[] }>();
  const exposure = new Map<string, Exposure[]>();
  const expose = (candidate: string, entry: Exposure): void => {
    const list = exposure.get(candidate) ?? [];
    if (!list.some((e) => e.detail === entry.detail)) list.push(entry);
    exposure.set(candidate, list);
  };
  for (const svc of of('network-service')) {
    if (svc.type !== 'LoadBalancer' && svc.type !== 'NodePort') continue;
    for (const target of index.lookup(`${svc.name}.${svc.namespace}`)) {
      if (target.candidate) expose(target.candidate, { via: svc.type === 'LoadBalancer' ? 'load-balancer' : 'node-port', detail: `Service ${svc.name} (${svc.type})`, location: locationOf(svc) });
    }
  }

  const externalNode = (host: string, location?: Location): string => {
    const list = externals.get(host) ?? [];
    if (location) list.push(location);
    externals.set(host, list);
    return `external:${host}`;
  };

  const resolveTargets = (host: string, platform: Platform | undefined, namespace?: string): HostTarget[] =>
    (namespace ? index.lookup(`${host}.${namespace}`, platform) : [])
      .concat(index.lookup(host, platform))
      .filter((t, i, all) => all.findIndex((o) => o.candidate === t.candidate && o.externalName === t.externalName) === i);

  /**
   * Where one address leads from `source`: workloads through the host index, managed
   * datastores and external systems for unknown hosts. Used for manifest values and for
   * addresses found in code.
   */
  const addressTargets = (source: Classified, address: Address, platform: Platform | undefined, namespace: string | undefined, variable: string, location: Location): EdgeDraft[] => {
    const targets = resolveTargets(address.host, platform, namespace);
    if (!targets.length) return unknownHost(address, variable, location);
    return targets.flatMap((target) => knownHost(source, target, address, variable, location));
  };

  // Edges from environment values.
  for (const source of classified.values()) {
    if (source.role !== 'service' && source.role !== 'gateway') continue;
    for (const envFact of environmentOf(source, dockerfiles)) {
      if (envFact.value === null || isNonDependencyVariable(envFact.name)) continue;
      for (const address of parseAddresses(envFact.value, looksLikeAddressVariable(envFact.name))) {
        const location = locationOf(envFact);
        for (const draft of addressTargets(source, address, platformOf(envFact.library), envFact.namespace, envFact.name, location)) {
          edges.add({ ...draft, from: source.id, via: envFact.name, location });
        }
      }
    }
  }

  function unknownHost(address: Address, variable: string, location: Location): EdgeDraft[] {
    const host = address.host;
    if (isLocalHost(host) || /^\d+\.\d+\.\d+\.\d+$/.test(host) || !host.includes('.')) return [];
    const storeKind = address.scheme ? kindFromScheme(address.scheme) : null;
    if (storeKind && (isDatabaseScheme(address.scheme) || BROKER_SCHEMES.test(address.scheme ?? ''))) {
      const id = stores.managed(infraKindByName(storeKind), host, address.database ?? null, location);
      return [{ to: id, kind: 'connects', protocol: datastoreProtocol(storeKind, address.scheme), protocolFrom: 'scheme', database: address.database ?? null }];
    }
    if (address.form === 'url' && /^(https?|grpcs?|wss?)$/.test(address.scheme ?? '')) {
      const sync = guessSyncProtocol(address.scheme, address.port, undefined, variable);
      return [{ to: externalNode(host, location), kind: sync.kind, protocol: sync.protocol, protocolFrom: sync.protocolFrom }];
    }
    return [];
  }

  function knownHost(source: Classified, target: HostTarget, address: Address, variable: string, location: Location): EdgeDraft[] {
    const siblings = source.candidate.env;
    if (target.externalName && !target.candidate) {
      const serviceName = target.service?.name ?? target.externalName;
      const storeKind = address.scheme ? kindFromScheme(address.scheme) : null;
      if (storeKind) {
        const id = stores.managed(infraKindByName(storeKind), serviceName, address.database ?? siblingDatabase(variable, siblings), target.service ? locationOf(target.service) : location);
        return [{ to: id, kind: 'connects', protocol: datastoreProtocol(storeKind, address.scheme), protocolFrom: 'scheme', database: stores.databaseOf(id) }];
      }
      const sync = guessSyncProtocol(address.scheme, address.port, address.port ? target.ports?.get(address.port)?.hint : undefined, variable);
      return [{ to: externalNode(target.externalName, location), kind: sync.kind, protocol: sync.protocol, protocolFrom: sync.protocolFrom }];
    }
    const dest = target.candidate ? classified.get(target.candidate) : undefined;
    if (!dest) return [];
    if (dest.role === 'infra') {
      const database = address.database ?? siblingDatabase(variable, siblings);
      const id = stores.connect(dest, database);
      if (target.service) stores.declare(dest, locationOf(target.service));
      return [{ to: id, kind: 'connects', protocol: datastoreProtocol(dest.infra!.kind, address.scheme), protocolFrom: address.scheme ? 'scheme' : 'target-kind', database: stores.databaseOf(id) }];
    }
    const servicePort = address.port !== undefined ? target.ports?.get(address.port) : undefined;
    const containerPort = typeof servicePort?.targetPort === 'number' ? servicePort.targetPort : address.port;
    const named = dest.candidate.declarations.flatMap((d) => d.ports).find((p) => p.port === containerPort || (typeof servicePort?.targetPort === 'string' && p.name === servicePort.targetPort));
    const hint = servicePort?.hint.name || servicePort?.hint.appProtocol ? servicePort.hint : named?.name ? { name: named.name } : undefined;
    const sync = guessSyncProtocol(address.scheme, containerPort, hint, variable);
    return [{ to: dest.id, kind: sync.kind, protocol: sync.protocol, protocolFrom: sync.protocolFrom }];
  }

  // Routes from ingresses and proxies.
  for (const route of routes) {
    const owner = proxyOwner(route, candidates);
    const ownerNode = owner ? classified.get(owner.name) : undefined;
    let from: string;
    if (ownerNode) from = ownerNode.id;
    else {
      const name = route.gatewayKind === 'ingress' ? `ingress/${route.gateway}` : route.gateway;
      from = `gateway:${name}`;
      const g = gateways.get(from) ?? { name, locations: [] };
      g.locations.push(locationOf(route));
      gateways.set(from, g);
    }
    const location = locationOf(route);
    const port = typeof route.port === 'number' ? route.port : undefined;
    const targets = resolveTargets(route.target, route.gatewayKind === 'ingress' ? 'kubernetes' : undefined, route.namespace);
    if (!targets.length) {
      diagnostics.push({ level: 'info', code: 'route-target-unknown', file: route.file, line: route.line, message: `${route.gatewayKind} route to "${route.target}" matches no service in the repository` });
      continue;
    }
    for (const target of targets) {
      const dest = target.candidate ? classified.get(target.candidate) : undefined;
      if (target.externalName && !target.candidate) {
        edges.add({ from, to: externalNode(target.externalName, location), kind: route.protocol, protocol: route.protocol, protocolFrom: 'scheme', via: route.gatewayKind, location });
        continue;
      }
      if (!dest) continue;
      if (dest.role === 'infra') {
        const id = stores.connect(dest, null);
        edges.add({ from, to: id, kind: 'connects', protocol: datastoreProtocol(dest.infra!.kind, undefined), protocolFrom: 'target-kind', via: route.gatewayKind, location });
        continue;
      }
      const hint = port !== undefined ? target.ports?.get(port)?.hint : typeof route.port === 'string' ? { name: route.port } : undefined;
      const sync = route.protocol === 'grpc' ? { kind: 'grpc' as const, protocol: 'grpc', protocolFrom: 'scheme' as const } : guessSyncProtocol('http', port, hint, '');
      edges.add({ from, to: dest.id, kind: sync.kind, protocol: sync.protocol, protocolFrom: sync.protocolFrom, via: route.gatewayKind, location });
      if (route.gatewayKind === 'ingress') expose(dest.candidate.name, { via: 'ingress', detail: `Ingress ${route.gateway}${route.host ? ` (${route.host}${route.path ?? ''})` : route.path ? ` (${route.path})` : ''}`, location });
    }
  }

  // depends_on and links: kept on the edge they explain, or an edge of their own.
  for (const source of classified.values()) {
    if (source.role === 'infra' || source.role === 'external') continue;
    for (const d of source.candidate.declarations) {
      const deps = [...d.dependsOn.map((x) => ({ name: x.name, location: locationOf(x), via: 'depends_on' })), ...d.links.map((l) => ({ name: l.split(':')[0] ?? l, location: locationOf(d), via: 'links' }))];
      for (const dep of deps) {
        const dest = classified.get(dep.name);
        if (!dest) continue;
        const targetIds = dest.role === 'infra' ? stores.idsOfInstance(dest) : [dest.id];
        const annotated = targetIds.map((id) => edges.annotate(source.id, id, dep.via, dep.location)).some(Boolean);
        if (annotated) continue;
        const to = dest.role === 'infra' ? stores.connect(dest, null) : dest.id;
        edges.add({ from: source.id, to, kind: 'depends-on', via: dep.via, location: dep.location });
      }
    }
  }

  const channels = new Map<string, Channel>();
  const code = linkCode(
    {
      facts,
      classified,
      edges,
      environmentOf: (source) => environmentOf(source, dockerfiles),
      platformOf,
      addressTargets,
      addChannel: (channel) => {
        if (!channels.has(channel.id)) channels.set(channel.id, channel);
      },
      addTables: (datastore, tables) => stores.addTables(datastore, tables),
    },
    LINKERS,
  );

  const paths = new Map([...classified.values()].filter((c) => c.path !== null).map((c) => [c.candidate.name, c.path!]));
  const stats = codeStats(paths, sources, dockerDirs);
  const ownership = of('ownership');
  const services: Service[] = [];
  for (const c of classified.values()) {
    if (c.role === 'infra') continue;
    const endpoints = (code.endpoints.get(c.id) ?? []).map((e) => ({ method: e.method, path: e.path, mutating: e.mutating, location: e.location, library: e.library }));
    services.push({ ...describeService(c, { stats, ownership, exposure: exposure.get(c.candidate.name) ?? [] }), endpoints });
  }
  for (const [id, g] of gateways) services.push(standaloneNode(id, g.name, 'gateway', g.locations));
  for (const [host, locations] of externals) {
    if (!services.some((s) => s.id === `external:${host}`)) services.push(standaloneNode(`external:${host}`, host, 'external', locations));
  }
  return {
    services: services.sort(byId),
    datastores: stores.list().sort(byId),
    channels: [...channels.values()].sort(byId),
    edges: edges.list().map((e) => ({ ...e, via: [...e.via].sort(), endpoints: [...(e.endpoints ?? [])].sort(), locations: sortLocations(e.locations) })).sort(byId),
    links: code.links,
  };
}

/** A service's environment: every manifest value, plus Dockerfile ENV for names no manifest sets. */
function environmentOf(source: Classified, dockerfiles: Map<string, DockerfileFact>): ManifestEnvFact[] {
  const out = [...source.candidate.env.values()].flat();
  const dockerfilePath = source.candidate.declarations.find((d) => d.dockerfile)?.dockerfile;
  const dockerfile = dockerfilePath ? dockerfiles.get(dockerfilePath) : undefined;
  for (const e of dockerfile?.env ?? []) {
    if (source.candidate.env.has(e.name)) continue;
    out.push({ kind: 'manifest-env', file: dockerfile!.file, line: e.line, library: 'dockerfile', service: source.candidate.name, name: e.name, value: e.value, origin: 'dockerfile' });
  }
  return out;
}

/** `DB_HOST=db` beside `DB_NAME=orders`: the database named by a sibling variable. */
function siblingDatabase(variable: string, env: Map<string, ManifestEnvFact[]>): string | null {
  const m = /^(.*?)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS|URL|URI)$/i.exec(variable);
  if (!m) return null;
  const prefix = m[1] ?? '';
  const names = [`${prefix}NAME`, `${prefix}DATABASE`, `${prefix}DB`, `${prefix}DBNAME`, `${prefix}DB_NAME`];
  if (prefix === 'PG') names.unshift('PGDATABASE');
  for (const name of names) {
    const value = env.get(name)?.find((f) => f.value)?.value;
    if (value && /^[\w.-]+$/.test(value)) return value;
  }
  return null;
}

function standaloneNode(id: string, name: string, kind: 'gateway' | 'external', locations: Location[]): Service {
  return {
    id, name, kind, path: null, language: null, loc: null, image: null, thirdParty: true, namespace: null, endpoints: [], owners: [], ports: [], labels: {},
    deploy: { replicas: null, autoscale: null, probes: [], limits: false, requests: false, platforms: [], exposure: [] },
    declaredIn: sortLocations(locations),
  };
}

export function sortLocations(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return [...locations]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)))
    .filter((l) => {
      const key = `${l.file}:${l.line ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export type { Candidate };
