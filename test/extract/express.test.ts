import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('express', () => {
  it('finds routes on apps and routers, route chains, middleware arrays and imported handlers', () => {
    const { facts, diagnostics } = extractFixture('extract/express');
    expect(only(facts, 'endpoint').map((e) => `${e.method} ${e.path.map((p) => ('lit' in p ? p.lit : '?')).join('')} ${e.file}:${e.line} [${e.handlers.map((h) => (typeof h === 'string' ? h.split('#')[1] : `${h.module}:${h.name}`)).join(', ')}]`)).toEqual([
      'GET /health src/app.ts:9 [L9:20]',
      'DELETE /legacy/items/:id src/app.ts:14 [L17:11]',
      'GET /legacy/items/:id src/app.ts:14 [L16:8]',
      'POST /admin/reindex src/routes/admin.ts:7 [L7:34]',
      'GET /admin/stats src/routes/admin.ts:8 [L8:31]',
      'GET / src/routes/orders.ts:9 [L9:19]',
      'POST / src/routes/orders.ts:12 [createOrder]',
      'PATCH /:id src/routes/orders.ts:13 [validate, createOrder]',
    ]);
    expect(only(facts, 'router-factory').map((f) => f.router)).toEqual(['src/routes/orders.ts#ordersRouter:router']);
    expect(diagnostics).toEqual([]);
  });

  it('gives every endpoint its full path through router mounts (variables, factories, namespace imports)', () => {
    const { report } = analyzeFixture('extract/express');
    expect(report.services[0]!.endpoints.map((e) => `${e.method} ${e.path} ${e.mutating ? 'mutating' : 'safe'}`)).toEqual([
      'DELETE /legacy/items/:id mutating',
      'GET /api/v1/admin/stats safe',
      'GET /api/v1/orders safe',
      'GET /health safe',
      'GET /legacy/items/:id safe',
      'PATCH /api/v1/orders/:id mutating',
      'POST /api/v1/admin/reindex mutating',
      'POST /api/v1/orders mutating',
    ]);
  });
});
