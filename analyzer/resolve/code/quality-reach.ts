import type { Fact, Location } from '../../types/index.js';
import type { QualityEvidence } from '../../types/quality-links.js';
import type { RouteMiddlewareFact } from '../../types/quality-facts.js';
import { reachable, resolveTarget, type CallGraph, type Reached } from './call-graph.js';
import type { EndpointReach } from './link-code.js';

/**
 * Facts of other families read by shape, so this linker depends on their fields, not on their
 * modules: `db-access` and `cache-access` (data access), `dedupe-guard` (messaging).
 */
export interface DbAccessLike {
  kind: 'db-access';
  file: string;
  line?: number;
  library: string;
  operation: 'read' | 'write' | 'both' | 'unknown';
  tables: { name: string; access: 'read' | 'write' | 'both' }[];
  upsert: boolean;
  conflict: 'ignore' | 'update' | null;
}
export interface CacheAccessLike {
  kind: 'cache-access';
  file: string;
  line?: number;
  library: string;
  command: string;
}
export interface DedupeGuardLike {
  kind: 'dedupe-guard';
  file: string;
  line?: number;
  library: string;
  how: string;
  detail: string;
}

export function factOfKind<T extends { kind: string }>(fact: { kind: string }, kind: T['kind']): T | null {
  return fact.kind === kind ? (fact as unknown as T) : null;
}

export function locationOf(fact: { file: string; line?: number }): Location {
  return fact.line ? { file: fact.file, line: fact.line } : { file: fact.file };
}

export function evidence(what: string, fact: { file: string; line?: number; library: string }): QualityEvidence {
  return { what, library: fact.library, location: locationOf(fact) };
}

/** Evidence sorted by place, one per description and place. */
export function sortEvidence<E extends QualityEvidence>(items: readonly E[]): E[] {
  const seen = new Map<string, E>();
  for (const e of items) seen.set(`${e.location.file}:${e.location.line ?? 0}:${e.what}`, e);
  return [...seen.values()].sort((a, b) => (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0) || (a.what < b.what ? -1 : a.what > b.what ? 1 : 0)));
}

/** Route middleware facts by route (`file:line:METHOD`) and router-wide ones by router. */
export class MiddlewareIndex {
  private readonly byRoute = new Map<string, RouteMiddlewareFact[]>();
  private readonly byRouter = new Map<string, RouteMiddlewareFact[]>();
  /** Scopes that build routers: mounting one is routing, not middleware. */
  private readonly routerScopes: Set<string>;

  constructor(facts: readonly Fact[]) {
    this.routerScopes = new Set(facts.flatMap((f) => (f.kind === 'router-factory' ? [f.scope] : [])));
    for (const f of facts) {
      if (f.kind !== 'route-middleware') continue;
      const key = f.method === 'USE' ? f.router : `${f.file}:${f.line}:${f.method}`;
      if (!key) continue;
      const map = f.method === 'USE' ? this.byRouter : this.byRoute;
      map.set(key, [...(map.get(key) ?? []), f]);
    }
  }

  /** Middleware facts that apply to an endpoint: its route's, and its router's `use(...)`. */
  of(endpoint: EndpointReach): RouteMiddlewareFact[] {
    const fact = endpoint.fact;
    return [...(this.byRoute.get(`${fact.file}:${fact.line}:${fact.method}`) ?? []), ...(fact.router ? (this.byRouter.get(fact.router) ?? []) : [])];
  }

  /** Everything the endpoint's handling reaches, with what its route middleware reaches added. */
  reach(endpoint: EndpointReach, graph: CallGraph, inService: (r: Reached) => boolean): Reached[] {
    const extra: Reached[] = [];
    for (const m of this.of(endpoint)) {
      for (const target of m.middleware) {
        const resolved = typeof target === 'string' ? { scope: target } : resolveTarget(graph, m.file, target);
        if (!resolved || !('scope' in resolved) || this.routerScopes.has(resolved.scope)) continue;
        extra.push(...reachable(graph, resolved.scope).filter(inService));
      }
    }
    return [...endpoint.reached, ...extra];
  }
}
