import type { Edge, Report } from '../../analyzer/types/index.js';

/** A deterministic pseudo-random generator (mulberry32), so synthetic reports are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  /** Total nodes: about 70% services, 20% datastores, 10% channels. */
  nodes: number;
  /** Add call cycles (back edges) inside teams. */
  cycles?: boolean;
  /** Spread services over this many namespaces (0: none). */
  namespaces?: number;
  seed?: number;
}

/**
 * An architecture-like Report: teams of about a dozen services that call each other,
 * each service with a database, some topics between teams, a gateway in front.
 */
export function syntheticReport(options: SyntheticOptions): Report {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)]!;
  const serviceCount = Math.max(2, Math.round(options.nodes * 0.7));
  const storeCount = Math.round(options.nodes * 0.2);
  const channelCount = Math.max(0, options.nodes - serviceCount - storeCount);
  const pad = (n: number): string => String(n).padStart(4, '0');
  const teams = Math.max(1, Math.round(serviceCount / 12));
  const services: Report['services'] = [];
  const edges: Edge[] = [];
  const edge = (from: string, to: string, kind: Edge['kind']): void => {
    const id = `${from}->${to}:${kind}`;
    if (edges.some((e) => e.id === id)) return;
    edges.push({ id, from, to, kind, protocol: null, protocolFrom: null, database: null, via: [], declared: true, observed: false, locations: [{ file: `k8s/${from.split(':')[1]}.yaml`, line: 1 }] });
  };
  const deploy = { replicas: 2, autoscale: null, probes: ['readiness' as const], limits: true, requests: true, platforms: ['kubernetes' as const], exposure: [] };
  for (let i = 0; i < serviceCount; i++) {
    const team = i % teams;
    const name = `svc-${pad(i)}-t${team}`;
    services.push({
      id: `service:${name}`,
      name,
      kind: i === 0 ? 'gateway' : 'service',
      path: `services/${name}`,
      language: pick(['typescript', 'go', 'java']),
      loc: 200 + Math.floor(rnd() * 5000),
      image: null,
      thirdParty: false,
      namespace: options.namespaces ? `ns-${team % options.namespaces}` : null,
      endpoints: [],
      owners: [],
      ports: [],
      labels: {},
      deploy,
      declaredIn: [{ file: `k8s/${name}.yaml`, line: 1 }],
    });
  }
  const byTeam = (team: number): string[] => services.filter((_, i) => i % teams === team && i > 0).map((s) => s.id);
  const datastores: Report['datastores'] = [];
  for (let i = 0; i < storeCount; i++) {
    const id = `datastore:postgres:db-${pad(i)}`;
    datastores.push({ id, kind: 'postgres', role: 'database', name: `db-${pad(i)}`, host: `db-${pad(i)}`, instance: `postgres:db-${pad(i)}`, database: null, tables: [], image: null, declaredIn: [] });
    const owner = services[1 + ((i * 7) % (serviceCount - 1))]!.id;
    edge(owner, id, 'writes');
    if (rnd() < 0.25) edge(services[1 + Math.floor(rnd() * (serviceCount - 1))]!.id, id, 'reads');
  }
  const channels: Report['channels'] = [];
  for (let i = 0; i < channelCount; i++) {
    const id = `channel:kafka:topic-${pad(i)}`;
    channels.push({ id, kind: 'topic', name: `topic-${pad(i)}`, broker: null });
    edge(services[1 + Math.floor(rnd() * (serviceCount - 1))]!.id, id, 'publishes');
    for (let k = 0; k < 1 + Math.floor(rnd() * 3); k++) edge(id, services[1 + Math.floor(rnd() * (serviceCount - 1))]!.id, 'consumes');
  }
  for (let i = 1; i < serviceCount; i++) {
    const team = byTeam(i % teams).filter((id) => id !== services[i]!.id);
    const later = team.filter((id) => id > services[i]!.id);
    for (let k = 0; k < 1 + Math.floor(rnd() * 3) && later.length; k++) edge(services[i]!.id, pick(later), rnd() < 0.8 ? 'http' : 'grpc');
    if (options.cycles && rnd() < 0.15 && team.length) edge(services[i]!.id, pick(team), 'http');
    if (rnd() < 0.1) edge(services[i]!.id, services[1 + Math.floor(rnd() * (serviceCount - 1))]!.id, 'http');
  }
  for (let t = 0; t < teams; t++) {
    const first = byTeam(t)[0];
    if (first) edge(services[0]!.id, first, 'http');
  }
  const sortById = <T extends { id: string }>(list: T[]): T[] => list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schemaVersion: 1,
    tool: { name: 'archreview', version: '0.0.0-synthetic' },
    root: `synthetic-${options.nodes}`,
    generatedFrom: { commit: null, manifests: [], sourceFiles: 0 },
    services: sortById(services),
    datastores: sortById(datastores),
    channels: sortById(channels),
    edges: sortById(edges.filter((e) => e.from !== e.to)),
    findings: [],
    score: { verdict: 'unknown', confidence: 'low', reasons: [], unknowns: [], signals: [], heuristics: [], candidates: [], history: null, modules: [], checklist: [], recommendations: [], migration: [] },
    diagnostics: [],
  };
}
