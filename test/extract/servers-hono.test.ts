import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';

describe('hono', () => {
  it('finds routes with basePath prefixes, chained routes (a path given once), on() with method lists and OpenAPI routes', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/hono');
    expect(endpointLines(facts)).toEqual([
      'GET /:id src/authors.ts:5 [L5:23]',
      'POST / src/books.ts:14 [requireEditor, L14:29]',
      'GET / src/books.ts:13 [L13:13]',
      'DELETE /:isbn src/books.ts:19 [requireEditor, L19:89]',
      'GET /:isbn src/books.ts:19 [L19:21]',
      'GET /users/:id src/docs.ts:12 [L12:23]',
      'GET /api/health src/index.ts:12 [L12:20]',
      'PUT /api/cache/:key src/index.ts:16 [L16:42]',
      'DELETE /api/cache/:key src/index.ts:16 [L16:42]',
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('gives full paths through app.route() mounts of default exports, factories and named exports', () => {
    const analysis = analyzeFixture('extract/servers/hono');
    expect(linkedEndpointLines(analysis)).toEqual([
      'DELETE /api/books/:isbn src/books.ts:19 mutating',
      'DELETE /api/cache/:key src/index.ts:16 mutating',
      'GET /api/authors/:id src/authors.ts:5 safe',
      'GET /api/books src/books.ts:13 safe',
      'GET /api/books/:isbn src/books.ts:19 safe',
      'GET /api/health src/index.ts:12 safe',
      'GET /api/v2/users/:id src/docs.ts:12 safe',
      'POST /api/books src/books.ts:14 mutating',
      'PUT /api/cache/:key src/index.ts:16 mutating',
    ]);
    expect(endpointCalls(analysis)).toEqual(['POST /api/books → src/pricing.ts:2 service:pricing']);
  });
});
