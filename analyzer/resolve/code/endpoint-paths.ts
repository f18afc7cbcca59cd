import { symText, type EndpointFact, type RouterFactoryFact, type RouterMountFact } from '../../types/index.js';
import { resolveTarget, type CallGraph } from './call-graph.js';

const MAX_DEPTH = 6;

export { symText };

function joinPaths(prefix: string, path: string): string {
  if (!prefix) return path || '/';
  const joined = `${prefix.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}

/**
 * Full paths of routes registered on routers mounted under prefixes: `app.use('/api',
 * ordersRouter(pool))` with `router.get('/orders')` gives `/api/orders`. Routers are matched
 * by variable, by the function that creates them, or by the module that exports them.
 */
export class EndpointPaths {
  private readonly mountsByChild = new Map<string, RouterMountFact[]>();

  constructor(mounts: readonly RouterMountFact[], factories: readonly RouterFactoryFact[], graph: CallGraph) {
    const routerOfScope = new Map(factories.map((f) => [f.scope, f.router]));
    for (const mount of mounts) {
      let child: string | undefined;
      if ('router' in mount.child) child = mount.child.router;
      else {
        const resolved = resolveTarget(graph, mount.file, mount.child.target);
        if (resolved && 'scope' in resolved) {
          const scope = resolved.scope;
          child = routerOfScope.get(scope) ?? `${scope.slice(0, scope.indexOf('#') + 1)}:${scope.slice(scope.indexOf('#') + 1)}`;
        }
      }
      if (!child) continue;
      this.mountsByChild.set(child, [...(this.mountsByChild.get(child) ?? []), mount]);
    }
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

  /** The endpoint's full path (the first, when a router is mounted in several places). */
  fullPath(endpoint: EndpointFact): string {
    return joinPaths(this.prefixes(endpoint.router, 0)[0] ?? '', symText(endpoint.path));
  }
}
