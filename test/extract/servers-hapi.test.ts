import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';

describe('hapi', () => {
  it('finds route objects (options.handler, method arrays, *), route tables of other modules and routes of untyped plugins', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/hapi');
    expect(endpointLines(facts)).toEqual([
      'DELETE /archive/:id src/plugins/legacy.ts:7 [L10:16]',
      'POST /orders src/plugins/orders.ts:12 [createOrder]',
      'GET /orders/:id? src/plugins/orders.ts:13 [L13:56]',
      'GET /products src/routes/products.ts:13 [listProducts]',
      'GET /products/:sku src/routes/products.ts:14 [L19:16]',
      'PUT /products/:sku src/routes/products.ts:22 [updateProduct]',
      'PATCH /products/:sku src/routes/products.ts:22 [updateProduct]',
      'GET /health src/server.ts:8 [L8:57]',
      'ALL /ops/:any* src/server.ts:16 [L16:60]',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('applies plugin prefixes (registration objects, register options, inline plugins) and follows handlers', () => {
    const analysis = analyzeFixture('extract/servers/hapi');
    expect(linkedEndpointLines(analysis)).toEqual([
      'ALL /ops/:any* src/server.ts:16 mutating',
      'DELETE /legacy/archive/:id src/plugins/legacy.ts:7 mutating',
      'GET /health src/server.ts:8 safe',
      'GET /products src/routes/products.ts:13 safe',
      'GET /products/:sku src/routes/products.ts:14 safe',
      'GET /v2/orders/:id? src/plugins/orders.ts:13 safe',
      'PATCH /products/:sku src/routes/products.ts:22 mutating',
      'POST /v2/orders src/plugins/orders.ts:12 mutating',
      'PUT /products/:sku src/routes/products.ts:22 mutating',
    ]);
    expect(endpointCalls(analysis)).toEqual(['GET /products/:sku → src/reviews.ts:2 service:reviews']);
  });

  it('leaves route() and register() of other frameworks on untyped parameters alone', () => {
    const { facts } = extractFixture('extract/servers/fastify');
    expect(facts.filter((f) => f.library === '@hapi/hapi')).toEqual([]);
  });
});
