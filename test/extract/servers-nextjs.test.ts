import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';

describe('Next.js', () => {
  it('finds API routes (methods from req.method branches, else ALL) and App Router handlers (one per exported method)', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/nextjs');
    expect(endpointLines(facts)).toEqual([
      'GET /cart src/app/(shop)/cart/route.ts:5 [handler]',
      'POST /cart src/app/(shop)/cart/route.ts:5 [handler]',
      'GET /api/auth/:nextauth* src/app/api/auth/[...nextauth]/route.ts:3 []',
      'POST /api/auth/:nextauth* src/app/api/auth/[...nextauth]/route.ts:3 []',
      'GET /api/products/:sku src/app/api/products/[sku]/route.ts:5 [GET]',
      'PUT /api/products/:sku src/app/api/products/[sku]/route.ts:10 [L10:30]',
      'ALL /api/health src/pages/api/health.ts:3 [default]',
      'DELETE /api/orders/:id src/pages/api/orders/[id].ts:15 [handler]',
      'GET /api/orders/:id src/pages/api/orders/[id].ts:15 [handler]',
      'GET /api/orders src/pages/api/orders/index.ts:4 [handler]',
      'POST /api/orders src/pages/api/orders/index.ts:4 [handler]',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('links the routes to the service and follows handlers into shared code; private folders and pages are no routes', () => {
    const analysis = analyzeFixture('extract/servers/nextjs');
    expect(linkedEndpointLines(analysis)).toEqual([
      'ALL /api/health src/pages/api/health.ts:3 mutating',
      'DELETE /api/orders/:id src/pages/api/orders/[id].ts:15 mutating',
      'GET /api/auth/:nextauth* src/app/api/auth/[...nextauth]/route.ts:3 safe',
      'GET /api/orders src/pages/api/orders/index.ts:4 safe',
      'GET /api/orders/:id src/pages/api/orders/[id].ts:15 safe',
      'GET /api/products/:sku src/app/api/products/[sku]/route.ts:5 safe',
      'GET /cart src/app/(shop)/cart/route.ts:5 safe',
      'POST /api/auth/:nextauth* src/app/api/auth/[...nextauth]/route.ts:3 mutating',
      'POST /api/orders src/pages/api/orders/index.ts:4 mutating',
      'POST /cart src/app/(shop)/cart/route.ts:5 mutating',
      'PUT /api/products/:sku src/app/api/products/[sku]/route.ts:10 mutating',
    ]);
    // A handler that branches on req.method is one function: each method's endpoint reaches all of it.
    expect(endpointCalls(analysis)).toEqual([
      'GET /api/orders → src/lib/catalog.ts:9 service:catalog',
      'GET /api/products/:sku → src/lib/catalog.ts:4 service:catalog',
      'POST /api/orders → src/lib/catalog.ts:9 service:catalog',
    ]);
  });
});
