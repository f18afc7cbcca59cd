import { symText, type EndpointFact, type RouterFactoryFact, type RouterMountFact } from '../../types/index.js';
import type { GlobalPrefixFact, RouteAutoloadFact } from '../../types/server-facts.js';
import { resolveTarget, type CallGraph } from './call-graph.js';

const MAX_DEPTH = 6;
const MAX_ALIASES = 3;
/** Libraries whose routes an application-wide prefix (`app.setGlobalPrefix`) applies to. */
const GLOBAL_PREFIX_LIBRARIES: Record<string, string> = { '@nestjs/core': '@nestjs/common' };

export { symText };

function joinPaths(prefix: string, path: string): string {
  if (!prefix) return path || '/';
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

function dirOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
}

/** `health`, `/health/(.*)`, `users/*` as a pattern over a route path without slashes at its ends. */
function excludeMatches(pattern: string, path: string): boolean {
  const trim = (s: string): string => s.replace(/^\/+|\/+$/g, '');
  const source = trim(pattern)
    .split(/(\(\.\*\)|\*|:[A-Za-z0-9_]+)/)
    .map((piece) => (piece === '(.*)' || piece === '*' ? '.*' : piece.startsWith(':') ? '[^/]+' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(trim(path));
}

/**
 * Full paths of routes registered on routers mounted under prefixes: `app.use('/api',
 * ordersRouter(pool))` with `router.get('/orders')` gives `/api/orders`; fastify and hapi
 * plugins registered with a prefix, koa routers under `router.use('/x', ...)`, hono's
 * `app.route('/x', sub)` work the same way. Routers are matched by variable, by the function
 * that creates them (or whose parameter they are), or by the module that exports them (its
 * default export too). Application-wide prefixes (NestJS `setGlobalPrefix`) come last.
 */
export class EndpointPaths {
  private readonly mountsByChild = new Map<string, RouterMountFact[]>();
  private readonly routerOfScope: Map<string, string>;
  private readonly globalPrefixes: readonly GlobalPrefixFact[];

  constructor(
    mounts: readonly RouterMountFact[],
    factories: readonly RouterFactoryFact[],
    private readonly graph: CallGraph,
    appFacts: readonly (GlobalPrefixFact | RouteAutoloadFact)[] = [],
  ) {
    this.globalPrefixes = appFacts.filter((f): f is GlobalPrefixFact => f.kind === 'global-prefix');
    // The first router a function creates is the one it hands out (`const app = new Koa(); const router = new Router(); app.use(router.routes()); return app`).
    this.routerOfScope = new Map();
    for (const f of factories) if (!this.routerOfScope.has(f.scope)) this.routerOfScope.set(f.scope, f.router);
    const autoloads = appFacts.filter((f): f is RouteAutoloadFact => f.kind === 'route-autoload');
    for (const mount of [...mounts, ...(autoloads.length ? this.autoloadMounts(autoloads, factories) : [])]) {
      let child: string | undefined;
      if ('router' in mount.child) child = mount.child.router;
      else {
        const resolved = resolveTarget(graph, mount.file, mount.child.target);
        if (resolved && 'scope' in resolved) child = this.routerOf(resolved.scope);
      }
      if (!child) continue;
      this.mountsByChild.set(child, [...(this.mountsByChild.get(child) ?? []), mount]);
    }
  }

  /** Plugins a folder autoload mounts: the default export of every file below the folder, under the folder's path. */
  private autoloadMounts(autoloads: readonly RouteAutoloadFact[], factories: readonly RouterFactoryFact[]): RouterMountFact[] {
    const out: RouterMountFact[] = [];
    for (const factory of factories) {
      const file = factory.scope.slice(0, factory.scope.indexOf('#'));
      const exported = `${file}#default`;
      if (factory.scope !== exported && this.defaultAlias(exported) !== factory.scope) continue;
      for (const autoload of autoloads) {
        const base = autoload.dir ? `${autoload.dir}/` : '';
        if (!file.startsWith(base)) continue;
        const folder = file.slice(base.length).split('/').slice(0, -1).join('/');
        const prefix = `${symText(autoload.prefix).replace(/\/+$/, '')}${autoload.folderPrefix && folder ? `/${folder}` : ''}`;
        out.push({ kind: 'router-mount', file: autoload.file, line: autoload.line, library: autoload.library, scope: `${autoload.file}#`, parent: autoload.parent, prefix: [{ lit: prefix }], child: { router: factory.router } });
      }
    }
    return out;
  }

  /** The router a scope stands for: one it creates or receives, or the module variable of that name; default exports are followed to what they name. */
  private routerOf(scope: string): string {
    let current = scope;
    for (let i = 0; i < MAX_ALIASES && !this.routerOfScope.has(current); i++) {
      const next = this.defaultAlias(current);
      if (!next) break;
      current = next;
    }
    const hash = current.indexOf('#');
    return this.routerOfScope.get(current) ?? `${current.slice(0, hash + 1)}:${current.slice(hash + 1)}`;
  }

  /** `file#default` when it is the walker's alias of a named default export: one call, on the line the scope starts. */
  private defaultAlias(scope: string): string | null {
    if (!scope.endsWith('#default')) return null;
    const alias = this.graph.scopes.get(scope);
    const call = alias?.calls.length === 1 ? alias.calls[0] : undefined;
    if (!alias || !call || call.line !== alias.line || call.target.member) return null;
    const resolved = resolveTarget(this.graph, alias.file, call.target);
    return resolved && 'scope' in resolved ? resolved.scope : null;
  }

  private prefixes(router: string | undefined, depth: number): string[] {
    if (!router || depth > MAX_DEPTH) return [''];
    const mounts = this.mountsByChild.get(router);
    if (!mounts?.length) return [''];
    const out = new Set<string>();
    for (const mount of mounts) {
      for (const parent of this.prefixes(mount.parent, depth + 1)) out.add(joinPaths(parent, symText(mount.prefix)));
    }
    return [...out].sort();
  }

  /** The application-wide prefix for an endpoint: set in the same service (the nearest such file), unless the route is excluded. */
  private globalPrefix(endpoint: EndpointFact, path: string, serviceFiles: ReadonlySet<string> | undefined): string {
    const candidates = this.globalPrefixes.filter((g) => GLOBAL_PREFIX_LIBRARIES[g.library] === endpoint.library && (!serviceFiles || serviceFiles.has(g.file)));
    if (!candidates.length) return '';
    const shared = (g: GlobalPrefixFact): number => {
      const dir = dirOf(g.file);
      return endpoint.file.startsWith(dir) ? dir.length : -1;
    };
    const best = [...candidates].sort((a, b) => shared(b) - shared(a) || (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)))[0]!;
    if (best.exclude.some((e) => (e.method === null || e.method === endpoint.method || e.method === 'ALL') && excludeMatches(e.path, path))) return '';
    return joinPaths('', `/${symText(best.prefix).replace(/^\/+/, '')}`);
  }

  /**
   * The endpoint's full path (the first, when a router is mounted in several places).
   * `serviceFiles` (the files of the service being linked) picks the application-wide prefix
   * of that service when several applications set one.
   */
  fullPath(endpoint: EndpointFact, serviceFiles?: ReadonlySet<string>): string {
    const path = joinPaths(this.prefixes(endpoint.router, 0)[0] ?? '', symText(endpoint.path));
    const global = this.globalPrefix(endpoint, path, serviceFiles);
    return global ? joinPaths(global, path) : path;
  }
}
