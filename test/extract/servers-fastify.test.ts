import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('fastify', () => {
  it('finds shorthand routes, route() with method arrays, and routes of plugins on typed and untyped instances', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/fastify');
    expect(endpointLines(facts)).toEqual([
      'GET /metrics src/plugins/metrics.ts:5 [L5:23]',
      'GET /stats src/routes/admin.ts:8 [L8:36]',
      'POST /reindex src/routes/admin.ts:9 [L9:28]',
      'GET / src/routes/orders.ts:9 [L9:16]',
      'GET /:id src/routes/orders.ts:10 [L10:47]',
      'POST / src/routes/orders.ts:11 [authenticate, L11:70]',
      'DELETE /:id src/routes/orders.ts:16 [L19:14]',
      'GET /health src/server.ts:12 [L12:20]',
      'GET /status src/server.ts:18 [statusHandler]',
      'HEAD /status src/server.ts:18 [statusHandler]',
    ]);
    expect(only(facts, 'router-mount').map((m) => `${m.file}:${m.line} ${m.parent} ${m.prefix.map((p) => ('lit' in p ? p.lit : '?')).join('')} → ${'router' in m.child ? m.child.router : `${m.child.target.module}:${m.child.target.name}`}`)).toEqual([
      'src/server.ts:13 src/server.ts#:app /v1/orders → ./routes/orders.js:default',
      'src/server.ts:14 src/server.ts#:app /internal → src/server.ts#L15:3:internal',
      'src/server.ts:16 src/server.ts#L15:3:internal /admin → ./routes/admin.js:adminRoutes',
      'src/server.ts:17 src/server.ts#L15:3:internal  → ./plugins/metrics.js:default',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('gives every route its full path through plugin prefixes (default exports, nested plugins, fastify-plugin without its own prefix)', () => {
    const analysis = analyzeFixture('extract/servers/fastify');
    expect(linkedEndpointLines(analysis)).toEqual([
      'DELETE /v1/orders/:id src/routes/orders.ts:16 mutating',
      'GET /health src/server.ts:12 safe',
      'GET /internal/admin/stats src/routes/admin.ts:8 safe',
      'GET /internal/metrics src/plugins/metrics.ts:5 safe',
      'GET /internal/status src/server.ts:18 safe',
      'GET /v1/orders src/routes/orders.ts:9 safe',
      'GET /v1/orders/:id src/routes/orders.ts:10 safe',
      'HEAD /internal/status src/server.ts:18 safe',
      'POST /internal/admin/reindex src/routes/admin.ts:9 mutating',
      'POST /v1/orders src/routes/orders.ts:11 mutating',
    ]);
    expect(endpointCalls(analysis)).toEqual(['POST /v1/orders → src/payments.ts:6 service:payments']);
  });

  it('reads CommonJS apps: require("fastify")(), plugins loaded with require() from files that import nothing; plain functions are not plugins', () => {
    const analysis = analyzeFixture('extract/servers/fastify-cjs');
    expect(linkedEndpointLines(analysis)).toEqual(['GET / server.js:3 safe', 'GET /users routes/users.js:2 safe', 'POST /users/:id/ban routes/users.js:3 mutating']);
  });

  it('mounts every plugin file of an @fastify/autoload folder under its folder path (fastify-cli layout)', () => {
    const { facts } = extractFixture('extract/servers/fastify-autoload');
    expect(only(facts, 'route-autoload').map((a) => `${a.file}:${a.line} ${a.parent} ${a.dir} ${a.prefix.map((p) => ('lit' in p ? p.lit : '?')).join('')} ${a.folderPrefix}`)).toEqual([
      'app.js:8 app.js#default:fastify plugins  true',
      'app.js:13 app.js#default:fastify routes /api true',
    ]);
    expect(linkedEndpointLines(analyzeFixture('extract/servers/fastify-autoload'))).toEqual([
      'GET /api routes/root.js:4 safe',
      'GET /api/example routes/example/index.js:4 safe',
      'GET /api/users/me routes/users/profile.js:4 safe',
      'PATCH /api/users/me routes/users/profile.js:5 mutating',
    ]);
  });
});
