import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';

describe('koa', () => {
  it('finds routes on koa-router routers with their own prefix, named routes and chains; app middleware is no route', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/koa');
    expect(endpointLines(facts)).toEqual([
      'GET /health src/app.ts:19 [L19:23]',
      'POST /jobs/reindex src/routes/admin.ts:8 [L8:25]',
      'GET /jobs src/routes/admin.ts:11 [L11:17]',
      'GET / src/routes/products.ts:16 [listProducts]',
      'GET /:sku src/routes/products.ts:17 [L17:34]',
      'DELETE /:sku src/routes/products.ts:25 [requireStaff, L25:31]',
      'PUT /:sku/stock src/routes/products.ts:21 [requireStaff, L21:37]',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('gives full paths through nested routers, routers on apps and apps under koa-mount', () => {
    const analysis = analyzeFixture('extract/servers/koa');
    expect(linkedEndpointLines(analysis)).toEqual([
      'DELETE /api/products/:sku src/routes/products.ts:25 mutating',
      'GET /admin/jobs src/routes/admin.ts:11 safe',
      'GET /api/products src/routes/products.ts:16 safe',
      'GET /api/products/:sku src/routes/products.ts:17 safe',
      'GET /health src/app.ts:19 safe',
      'POST /admin/jobs/reindex src/routes/admin.ts:8 mutating',
      'PUT /api/products/:sku/stock src/routes/products.ts:21 mutating',
    ]);
    expect(endpointCalls(analysis)).toEqual(['PUT /api/products/:sku/stock → src/warehouse.ts:6 service:warehouse']);
  });
});
