import { describe, expect, it } from 'vitest';
import { endpointIdempotency } from '../../analyzer/resolve/code/quality-idempotency.js';
import type { Reached } from '../../analyzer/resolve/code/call-graph.js';
import type { EndpointFact, Fact } from '../../analyzer/types/index.js';
import type { EndpointQuality } from '../../analyzer/types/quality-links.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const keys = (name: string): string[] =>
  only(extractFixture(name).facts, 'idempotency').map((f) => `${f.file}:${f.line} ${f.source} ${f.key} ${f.role} @${f.scope.slice(f.scope.indexOf('#') + 1)}`);

const idempotency = (e: EndpointQuality): string =>
  e.idempotency ? `${e.key} ${e.idempotency.how} [${e.idempotency.evidence.map((x) => `${x.what} @${x.location.file}:${x.location.line}`).join('; ')}]` : `${e.key} -`;

describe('idempotency keys', () => {
  it('finds an Idempotency-Key header read in a handler and classifies every endpoint', () => {
    expect(keys('extract/quality/shop-basic')).toEqual(['src/routes/orders.ts:15 header idempotency-key idempotency-key @L14:26']);
    const { links } = analyzeFixture('extract/quality/shop-basic');
    expect(links.quality!.endpoints.map(idempotency)).toEqual([
      'GET /api/orders -',
      'GET /healthz -',
      'GET /ready -',
      'POST /api/carts none []',
      'POST /api/orders header [reads header idempotency-key @src/routes/orders.ts:15]',
      'PUT /api/orders/:id natural-key [PUT names the resource in its path (id) @src/routes/orders.ts:30]',
    ]);
  });

  it('follows keys read in middleware of another file, router-wide middleware and helpers that call nothing; outgoing headers are not reads', () => {
    expect(keys('extract/quality/middleware-elsewhere')).toEqual([
      'src/idempotency.ts:26 header x-idempotency-key idempotency-key @requireTransferKey',
      'src/idempotency.ts:10 header idempotency-key idempotency-key @L9:10',
      'src/keys.ts:4 header idempotency-key idempotency-key @refundKey',
      'src/routes/payments.ts:14 header idempotency-key idempotency-key @L13:69',
      'src/routes/payments.ts:28 body idempotencyKey idempotency-key @L27:5',
      'src/routes/payments.ts:34 header x-request-id request-id @L33:28',
    ]);
    const { links } = analyzeFixture('extract/quality/middleware-elsewhere');
    expect(links.quality!.endpoints.map(idempotency)).toEqual([
      'PATCH /transfers/:id header [reads header x-idempotency-key @src/idempotency.ts:26]',
      'POST /payments header [reads header idempotency-key @src/idempotency.ts:10; reads header idempotency-key @src/routes/payments.ts:14]',
      'POST /payouts dedupe-lookup [reads body field idempotencyKey @src/routes/payments.ts:28]',
      'POST /refunds header [reads header idempotency-key @src/keys.ts:4]',
      'POST /transfers header [reads header x-idempotency-key @src/idempotency.ts:26]',
      'POST /webhooks none []',
    ]);
  });

  it('gives each read the scope the walker gives its function: class and object methods, nested, local and default-exported functions, Next.js headers()', () => {
    expect(keys('extract/quality/key-shapes')).toEqual([
      'src/handlers.ts:6 header idempotency-key idempotency-key @EntryHandlers.create',
      'src/handlers.ts:17 header x-idempotency-key idempotency-key @helpers.keyOf',
      'src/handlers.ts:23 header idempotency-key idempotency-key @makeHandler.handle',
      'src/handlers.ts:30 header idempotency-key idempotency-key @withLocalHelper.keyOf',
      'src/handlers.ts:35 header x-request-id request-id @default',
      'src/next-route.ts:4 header idempotency-key idempotency-key @POST',
    ]);
    // The local helper's read sits in the scope its caller calls.
    const caller = only(extractFixture('extract/quality/key-shapes').facts, 'code-scope').find((s) => s.scope === 'src/handlers.ts#withLocalHelper');
    expect(caller?.calls.map((c) => c.target.name)).toEqual(['withLocalHelper.keyOf']);
  });

  it('reads NestJS @Headers parameters into the handler method', () => {
    expect(keys('extract/quality/nest-app')).toEqual(['src/invoices.controller.ts:18 header idempotency-key idempotency-key @InvoicesController.create']);
  });
});

describe('idempotency from what an endpoint reaches', () => {
  const endpoint = (method: string, path = '/things'): EndpointFact => ({ kind: 'endpoint', file: 'src/app.ts', line: 3, library: 'express', scope: 'src/app.ts#', method, path: [{ lit: path }], handlers: [], mutating: !['GET', 'HEAD', 'OPTIONS'].includes(method) });
  const reach = (...facts: object[]): Reached[] => facts.map((fact) => ({ fact: fact as Fact & { scope: string }, inLoop: false, breaker: null, retry: null }) as Reached);
  const write = (line: number, table: string, upsert = false): object => ({ kind: 'db-access', file: 'src/db.ts', line, library: 'pg', scope: 's', operation: 'write', tables: [{ name: table, access: 'write' }], upsert, conflict: upsert ? 'ignore' : null });
  const read = (line: number, table: string): object => ({ kind: 'db-access', file: 'src/db.ts', line, library: 'pg', scope: 's', operation: 'read', tables: [{ name: table, access: 'read' }], upsert: false, conflict: null });
  const key = (k: string, role: string, source = 'header'): object => ({ kind: 'idempotency', file: 'src/app.ts', line: 5, library: 'http', scope: 's', key: k, role, source });
  const how = (fact: EndpointFact, reached: Reached[], path = '/things'): string | null => {
    const r = endpointIdempotency(fact, path, reached);
    return r ? `${r.how}: ${r.evidence.map((e) => `${e.what}@${e.location.line}`).join(', ')} | writes ${r.writes.length}` : null;
  };

  it('counts upserts as a natural key only when every write is one', () => {
    expect(how(endpoint('POST'), reach(read(10, 'reservations'), write(12, 'reservations', true)))).toBe('natural-key: looks up reservations before writing@10, upsert on reservations (on conflict: ignore)@12 | writes 1');
    expect(how(endpoint('POST'), reach(write(12, 'audit_log', true), write(14, 'orders')))).toBe('none:  | writes 2');
  });

  it('takes a request id as a key only beside a dedupe or an upsert', () => {
    expect(how(endpoint('POST'), reach(key('x-request-id', 'request-id'), write(14, 'orders')))).toBe('none:  | writes 1');
    expect(how(endpoint('POST'), reach(key('x-request-id', 'request-id'), write(12, 'requests', true), write(14, 'orders')))).toBe(
      'header: reads header x-request-id@5, upsert on requests (on conflict: ignore)@12 | writes 2',
    );
  });

  it('counts claims and dedupe guards of the messaging facts as a dedupe lookup', () => {
    const claim = { kind: 'cache-access', file: 'src/cache.ts', line: 7, library: 'ioredis', scope: 's', command: 'setnx' };
    const guard = { kind: 'dedupe-guard', file: 'src/db.ts', line: 9, library: 'pg', scope: 's', how: 'processed-lookup', detail: 'SELECT processed_requests' };
    expect(how(endpoint('POST'), reach(claim, write(14, 'orders')))).toBe('dedupe-lookup: claims a key (SETNX)@7 | writes 1');
    expect(how(endpoint('POST'), reach(guard, write(14, 'orders')))).toBe('dedupe-lookup: dedupe: SELECT processed_requests@9 | writes 1');
  });

  it('asks nothing of safe methods that write nothing (a cache fill is no state change), and shows the writes of those that do', () => {
    const cacheFill = { kind: 'cache-access', file: 'src/cache.ts', line: 7, library: 'ioredis', scope: 's', command: 'set' };
    expect(how(endpoint('GET'), reach(read(10, 'users'), cacheFill))).toBeNull();
    expect(how(endpoint('GET', '/users/:id/unsubscribe'), reach(write(20, 'user_preferences')), '/users/:id/unsubscribe')).toBe('none:  | writes 1');
  });

  it('leaves proxied routes to the service behind them, and takes PUT and DELETE keyed by the path as natural keys', () => {
    expect(how({ ...endpoint('ALL'), library: 'http-proxy-middleware' }, [])).toBe('proxied: forwards ALL /things to another service@3 | writes 0');
    expect(how(endpoint('DELETE', '/things/{id}'), [], '/things/{id}')).toBe('natural-key: DELETE names the resource in its path (id)@3 | writes 0');
    expect(how(endpoint('PUT'), [])).toBe('none:  | writes 0');
  });
});
