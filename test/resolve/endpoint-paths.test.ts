import { describe, expect, it } from 'vitest';
import type { CallGraph } from '../../analyzer/resolve/code/call-graph.js';
import { EndpointPaths } from '../../analyzer/resolve/code/endpoint-paths.js';
import { ModuleResolver } from '../../analyzer/resolve/code/module-resolver.js';
import type { CodeScopeFact, EndpointFact, RouterMountFact } from '../../analyzer/types/index.js';
import type { GlobalPrefixFact } from '../../analyzer/types/server-facts.js';

const FILES = ['apps/a/src/main.ts', 'apps/a/src/users.controller.ts', 'apps/b/src/main.ts', 'libs/health/health.controller.ts', 'src/app.ts', 'src/routes.ts'];

function graph(scopes: CodeScopeFact[] = []): CallGraph {
  return { scopes: new Map(scopes.map((s) => [s.scope, s])), effects: new Map(), instances: new Map(), resolver: new ModuleResolver({ codeFiles: new Set(FILES), pathAliases: [], packageDirs: new Map() }) };
}

function endpoint(file: string, path: string, extra: Partial<EndpointFact> = {}): EndpointFact {
  return { kind: 'endpoint', file, line: 3, library: '@nestjs/common', scope: `${file}#`, method: 'GET', path: [{ lit: path }], handlers: [], mutating: false, ...extra };
}

function prefix(file: string, text: string, exclude: GlobalPrefixFact['exclude'] = []): GlobalPrefixFact {
  return { kind: 'global-prefix', file, line: 5, library: '@nestjs/core', prefix: [{ lit: text }], exclude };
}

describe('endpoint paths', () => {
  it('takes the global prefix of the service being linked, else the nearest application', () => {
    const paths = new EndpointPaths([], [], graph(), [prefix('apps/a/src/main.ts', 'a'), prefix('apps/b/src/main.ts', '/b/')]);
    const shared = endpoint('libs/health/health.controller.ts', '/health');
    expect(paths.fullPath(shared, new Set(['apps/b/src/main.ts', 'libs/health/health.controller.ts']))).toBe('/b/health');
    expect(paths.fullPath(shared, new Set(['apps/a/src/main.ts', 'libs/health/health.controller.ts']))).toBe('/a/health');
    expect(paths.fullPath(endpoint('apps/a/src/users.controller.ts', '/users'))).toBe('/a/users');
    expect(paths.fullPath(endpoint('apps/a/src/users.controller.ts', '/users', { library: 'express' }))).toBe('/users');
  });

  it('leaves excluded routes alone: exact paths, wildcards, parameters and methods', () => {
    const paths = new EndpointPaths([], [], graph(), [
      prefix('apps/a/src/main.ts', 'api', [
        { path: 'health/(.*)', method: null },
        { path: '/users/:id', method: 'DELETE' },
      ]),
    ]);
    const file = 'apps/a/src/users.controller.ts';
    expect(paths.fullPath(endpoint(file, '/health/live'))).toBe('/health/live');
    expect(paths.fullPath(endpoint(file, '/users/:id', { method: 'DELETE' }))).toBe('/users/:id');
    expect(paths.fullPath(endpoint(file, '/users/:id'))).toBe('/api/users/:id');
  });

  it('follows the alias of a named default export, but not a default function that makes one call', () => {
    const mount = (line: number, name: string): RouterMountFact => ({ kind: 'router-mount', file: 'src/app.ts', line, library: 'express', scope: 'src/app.ts#', parent: 'src/app.ts#:app', prefix: [{ lit: `/${name}` }], child: { target: { module: './routes.js', name: 'default' } } });
    const alias: CodeScopeFact = { kind: 'code-scope', file: 'src/routes.ts', line: 9, library: 'code', scope: 'src/routes.ts#default', name: 'default', params: [], calls: [{ target: { name: 'router' }, line: 9, inLoop: false, args: [] }] };
    expect(new EndpointPaths([mount(4, 'orders')], [], graph([alias])).fullPath(endpoint('src/routes.ts', '/:id', { router: 'src/routes.ts#:router' }))).toBe('/orders/:id');
    const realFunction: CodeScopeFact = { ...alias, line: 2, calls: [{ target: { name: 'helper' }, line: 3, inLoop: false, args: [] }] };
    const paths = new EndpointPaths([mount(4, 'orders')], [], graph([realFunction]));
    expect(paths.fullPath(endpoint('src/routes.ts', '/x', { router: 'src/routes.ts#:helper' }))).toBe('/x');
    expect(paths.fullPath(endpoint('src/routes.ts', '/x', { router: 'src/routes.ts#:default' }))).toBe('/orders/x');
  });
});
