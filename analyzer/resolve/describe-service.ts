import ignore from 'ignore';
import type { Deploy, Fact, Location, OwnershipFact, Service } from '../types/index.js';
import { locationOf } from './candidates.js';
import type { Classified } from './classify-candidates.js';
import type { CodeStats } from './service-paths.js';

export type Exposure = Deploy['exposure'][number];

export interface DescribeContext {
  stats: Map<string, CodeStats>;
  ownership: OwnershipFact[];
  exposure: Exposure[];
}

const OWNER_LABELS = ['owner', 'team', 'app.kubernetes.io/owner', 'owner.team', 'backstage.io/owner'];

/** The Report's record of one service, gateway or external system declared in the manifests. */
export function describeService(c: Classified, ctx: DescribeContext): Service {
  const decls = c.candidate.declarations;
  const k8s = decls.filter((d) => d.library !== 'docker-compose');
  const preferred = new Set(k8s.length ? ['kubernetes', 'kustomize', 'helm'] : ['docker-compose']);
  const onPreferred = <T extends { library: string }>(items: T[]): T[] => items.filter((i) => preferred.has(i.library));
  const primary = onPreferred(decls);
  const replicaCounts = primary.map((d) => d.replicas).filter((r): r is number => r !== undefined);
  const replicas = k8s.length ? (replicaCounts.length ? Math.min(...replicaCounts) : null) : (replicaCounts[0] ?? 1);
  const hpa = c.candidate.autoscalers[0];
  const probes = [...new Set(onPreferred(c.candidate.probes).map((p) => p.probe))].sort();
  const resources = onPreferred(c.candidate.resources);
  const labels: Record<string, string> = {};
  for (const d of decls) Object.assign(labels, d.labels);
  const stats = ctx.stats.get(c.candidate.name);
  const deploy: Deploy = {
    replicas,
    autoscale: hpa ? { min: hpa.min, max: hpa.max } : null,
    probes,
    limits: resources.length > 0 && resources.every((r) => !!(r.limits.cpu || r.limits.memory)),
    requests: resources.length > 0 && resources.every((r) => !!(r.requests.cpu || r.requests.memory)),
    platforms: [...new Set(decls.map((d) => (d.library === 'docker-compose' ? 'docker-compose' : 'kubernetes') as 'docker-compose' | 'kubernetes'))].sort(),
    exposure: [...publishedPorts(c), ...ctx.exposure].sort((a, b) => (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0)),
  };
  const ports = new Map<number, Service['ports'][number]>();
  for (const d of decls) {
    for (const p of d.ports) {
      const prev = ports.get(p.port);
      ports.set(p.port, { port: p.port, ...(p.name ?? prev?.name ? { name: p.name ?? prev?.name } : {}), ...(p.protocol ?? prev?.protocol ? { protocol: p.protocol ?? prev?.protocol } : {}) });
    }
  }
  return {
    id: c.id,
    name: c.name,
    kind: c.role === 'gateway' ? 'gateway' : c.role === 'external' ? 'external' : 'service',
    path: c.path,
    language: stats?.language ?? null,
    loc: c.path === null ? null : (stats?.loc ?? 0),
    image: c.image,
    thirdParty: c.thirdParty,
    namespace: c.candidate.namespaces[0] ?? null,
    endpoints: [],
    owners: owners(c, labels, ctx.ownership),
    ports: [...ports.values()].sort((a, b) => a.port - b.port),
    labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))),
    deploy,
    declaredIn: dedupe(decls.map(locationOf)),
  };
}

function publishedPorts(c: Classified): Exposure[] {
  const out: Exposure[] = [];
  for (const d of c.candidate.declarations) {
    for (const p of d.ports) {
      if (p.published) out.push({ via: 'published-port', detail: `host port ${p.published} → ${p.port}`, location: locationOf(d) });
    }
  }
  return out;
}

function owners(c: Classified, labels: Record<string, string>, rules: OwnershipFact[]): string[] {
  const found = new Set<string>(c.override.owners ?? []);
  for (const key of OWNER_LABELS) if (labels[key]) found.add(labels[key]!);
  if (c.path !== null && found.size === 0) {
    const probe = c.path === '.' || c.path === '' ? 'x' : `${c.path}/x`;
    let match: OwnershipFact | undefined;
    for (const rule of rules) {
      const pattern = rule.pattern === '*' ? '**' : rule.pattern;
      if (ignore().add(pattern).ignores(probe) || ignore().add(pattern).ignores(`${c.path}/`)) match = rule;
    }
    for (const o of match?.owners ?? []) found.add(o);
  }
  return [...found].sort();
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations
    .filter((l) => {
      const key = `${l.file}:${l.line ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}

export type { Fact };
