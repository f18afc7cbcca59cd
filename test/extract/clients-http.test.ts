import { describe, expect, it } from 'vitest';
import { analyzeFixture, callLines } from '../helpers/extract.js';
import { clientFacts, endpointCalls } from './clients-helpers.js';

describe('got', () => {
  it("records calls, extended instances (prefixUrl, timeout.request, retry.limit) and got's default retries for idempotent methods", () => {
    const { calls, instances } = clientFacts('extract/clients/got');
    expect(calls).toEqual([
      { file: 'src/clients/billing.ts', line: 7, library: 'got', scope: 'src/clients/billing.ts#invoice', protocol: 'http', method: 'POST', url: [{ lit: 'http://billing:7000/invoices' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
      { file: 'src/clients/billing.ts', line: 11, library: 'got', scope: 'src/clients/billing.ts#balance', protocol: 'http', method: 'GET', url: [{ lit: 'http://billing:7000/balances/' }, { param: 0, fn: 'src/clients/billing.ts#balance' }], timeout: { ms: 2500, from: 'call' }, inLoop: false, retry: { attempts: 2, backoff: true, from: 'library-default' } },
      { file: 'src/clients/users.ts', line: 8, library: 'got', scope: 'src/clients/users.ts#UsersClient.getUser', protocol: 'http', method: 'GET', url: [{ env: 'USERS_URL', fallback: 'http://localhost:3000' }, { lit: '/users/' }, { param: 0, fn: 'src/clients/users.ts#UsersClient.getUser' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: { attempts: 2, backoff: true, from: 'library-default' } },
    ]);
    expect(instances).toEqual([
      { file: 'src/clients/catalog.ts', line: 4, library: 'got', scope: 'src/clients/catalog.ts#', name: 'catalog', exported: true, protocol: 'http', base: [{ env: 'CATALOG_URL' }], timeout: { ms: 1500, from: 'instance' }, retry: null },
      { file: 'src/clients/catalog.ts', line: 11, library: 'got', scope: 'src/clients/catalog.ts#', name: 'prices', exported: true, protocol: 'http', base: [{ env: 'CATALOG_URL' }], timeout: { ms: 800, from: 'instance' }, retry: null },
    ]);
  });

  it('follows a handler into a service class and a client injected through its constructor, and instances of other modules', () => {
    const { links } = analyzeFixture('extract/clients/got');
    expect(callLines(links)).toEqual([
      'src/clients/billing.ts:11 got GET → service:billing (2500ms call) hardcoded retry×2 backoff',
      'src/clients/billing.ts:7 got POST → service:billing (no timeout (none)) hardcoded',
      'src/clients/users.ts:8 got GET → service:users (no timeout (none)) retry×2 backoff',
      'src/routes/orders.ts:11 got GET → service:catalog (1500ms instance)',
      'src/routes/orders.ts:12 got GET → service:catalog (800ms instance)',
    ]);
    expect(endpointCalls(links)).toEqual([
      ['GET /api/orders/:id', ['src/routes/orders.ts:12 timeout 800 instance', 'src/routes/orders.ts:11 in-loop timeout 1500 instance', 'src/clients/users.ts:8 retry 2 backoff timeout none none']],
      ['POST /api/orders/:id/invoice', ['src/clients/billing.ts:11 retry 2 backoff timeout 2500 call', 'src/clients/billing.ts:7 timeout none none']],
    ]);
  });
});

describe('node http/https', () => {
  it('reads the address from a URL or { host, port, path }, and the timeout from options or a later req.setTimeout', () => {
    expect(clientFacts('extract/clients/node-http').calls).toEqual([
      { file: 'src/exports.ts', line: 8, library: 'node:https', scope: 'src/exports.ts#L7:22', protocol: 'http', method: 'PUT', url: [{ env: 'EXPORTS_URL', fallback: 'https://exports.partner.example' }, { lit: '/uploads/' }, { param: 0, fn: 'src/exports.ts#upload' }], timeout: { ms: 4000, from: 'call' }, inLoop: false, retry: null },
      { file: 'src/ledger.ts', line: 6, library: 'node:http', scope: 'src/ledger.ts#L5:22', protocol: 'http', method: 'POST', url: [{ lit: 'http://' }, { env: 'LEDGER_HOST' }, { lit: ':8080/entries' }], timeout: { ms: 1200, from: 'call' }, inLoop: false, retry: null },
      { file: 'src/ledger.ts', line: 18, library: 'node:http', scope: 'src/ledger.ts#L17:22', protocol: 'http', method: 'GET', url: [{ lit: 'http://' }, { env: 'LEDGER_HOST' }, { lit: ':8080/balances/' }, { param: 0, fn: 'src/ledger.ts#balance' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
    ]);
  });

  it('links the calls made inside promise callbacks to the endpoint', () => {
    const { links } = analyzeFixture('extract/clients/node-http');
    expect(callLines(links)).toEqual([
      'src/exports.ts:8 node:https PUT → external:exports.partner.example (4000ms call)',
      'src/ledger.ts:18 node:http GET → service:ledger (no timeout (none))',
      'src/ledger.ts:6 node:http POST → service:ledger (1200ms call)',
    ]);
    expect(endpointCalls(links)).toEqual([['POST /reports/:account', ['src/exports.ts:8 timeout 4000 call', 'src/ledger.ts:6 timeout 1200 call', 'src/ledger.ts:18 timeout none none']]]);
  });
});

describe('request / request-promise', () => {
  it('records request.get, rp({ uri, timeout }) and clients made by request.defaults', () => {
    const { calls, instances } = clientFacts('extract/clients/request');
    expect(calls).toEqual([
      { file: 'src/clients.js', line: 8, library: 'request', scope: 'src/clients.js#stock', protocol: 'http', method: 'GET', url: [{ env: 'INVENTORY_URL' }, { lit: '/stock/' }, { param: 0, fn: 'src/clients.js#stock' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
      { file: 'src/clients.js', line: 12, library: 'request-promise-native', scope: 'src/clients.js#reserve', protocol: 'http', method: 'POST', url: [{ env: 'INVENTORY_URL' }, { lit: '/reservations' }], timeout: { ms: 1500, from: 'call' }, inLoop: false, retry: null },
    ]);
    expect(instances).toEqual([
      { file: 'src/clients.js', line: 5, library: 'request', scope: 'src/clients.js#', name: 'pricing', exported: false, protocol: 'http', base: [{ env: 'PRICING_URL' }], timeout: { ms: 2000, from: 'instance' }, retry: null },
    ]);
  });

  it('resolves calls on a defaults() client required from another CommonJS module', () => {
    const { links } = analyzeFixture('extract/clients/request');
    expect(callLines(links)).toEqual([
      'src/clients.js:12 request-promise-native POST → service:inventory (1500ms call)',
      'src/clients.js:8 request GET → service:inventory (no timeout (none))',
      'src/server.js:9 request GET → service:pricing (2000ms instance)',
    ]);
    expect(endpointCalls(links)).toEqual([
      ['GET /items/:sku', ['src/server.js:9 timeout 2000 instance', 'src/clients.js:8 timeout none none']],
      ['POST /items/:sku/reserve', ['src/clients.js:12 timeout 1500 call']],
    ]);
  });
});

describe('superagent', () => {
  it('reads .timeout({ deadline }) and .retry(n) in a chain, and a timeout set later on the request', () => {
    expect(clientFacts('extract/clients/superagent').calls).toEqual([
      { file: 'src/reviews.ts', line: 7, library: 'superagent', scope: 'src/reviews.ts#postReview', protocol: 'http', method: 'POST', url: [{ env: 'REVIEWS_URL', fallback: 'http://localhost:4000' }, { lit: '/reviews/' }, { param: 0, fn: 'src/reviews.ts#postReview' }], timeout: { ms: 1500, from: 'call' }, inLoop: false, retry: null },
      { file: 'src/reviews.ts', line: 14, library: 'superagent', scope: 'src/reviews.ts#reviewsOf', protocol: 'http', method: 'GET', url: [{ env: 'REVIEWS_URL', fallback: 'http://localhost:4000' }, { lit: '/reviews/' }, { param: 0, fn: 'src/reviews.ts#reviewsOf' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
      { file: 'src/search.ts', line: 5, library: 'superagent', scope: 'src/search.ts#search', protocol: 'http', method: 'GET', url: [{ env: 'SEARCH_URL' }, { lit: '/products/_search' }], timeout: { ms: 2000, from: 'call' }, inLoop: false, retry: { attempts: 2, backoff: false, from: 'call' } },
    ]);
  });

  it('links every call; its retries do not back off', () => {
    const { links } = analyzeFixture('extract/clients/superagent');
    expect(callLines(links)).toEqual([
      'src/reviews.ts:14 superagent GET → service:reviews (no timeout (none))',
      'src/reviews.ts:7 superagent POST → service:reviews (1500ms call)',
      'src/search.ts:5 superagent GET → service:search (2000ms call) retry×2',
    ]);
  });
});

describe('ky', () => {
  it("records ky's 10 s default timeout and default retries, timeout: false, and ky.create instances", () => {
    const { calls, instances } = clientFacts('extract/clients/ky');
    expect(calls).toEqual([
      { file: 'src/feed.ts', line: 5, library: 'ky', scope: 'src/feed.ts#latest', protocol: 'http', method: 'GET', url: [{ env: 'FEED_URL' }, { lit: '/feed/' }, { param: 0, fn: 'src/feed.ts#latest' }], timeout: { ms: 10000, from: 'library-default' }, inLoop: false, retry: { attempts: 2, backoff: true, from: 'library-default' } },
      { file: 'src/feed.ts', line: 10, library: 'ky', scope: 'src/feed.ts#markRead', protocol: 'http', method: 'POST', url: [{ env: 'FEED_URL' }, { lit: '/feed/' }, { param: 0, fn: 'src/feed.ts#markRead' }, { lit: '/read' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
    ]);
    expect(instances).toEqual([
      { file: 'src/api/profiles.ts', line: 4, library: 'ky', scope: 'src/api/profiles.ts#', name: 'profiles', exported: true, protocol: 'http', base: [{ env: 'PROFILE_API' }], timeout: { ms: 3000, from: 'instance' }, retry: null },
    ]);
  });

  it("joins an instance's prefixUrl and a relative path with one slash", () => {
    const { links } = analyzeFixture('extract/clients/ky');
    expect(callLines(links)).toEqual([
      'src/feed.ts:10 ky POST → service:feed (no timeout (none))',
      'src/feed.ts:5 ky GET → service:feed (10000ms library-default) retry×2 backoff',
      'src/index.ts:9 ky GET → service:profiles (3000ms instance)',
    ]);
    expect(links.calls.find((c) => c.library === 'ky' && c.location.file === 'src/index.ts')!.url).toEqual([{ env: 'PROFILE_API' }, { lit: '/users/' }, { unknown: 'req.params.userId' }]);
  });
});

describe('odd shapes', () => {
  it('never throws on missing arguments, spreads and computed names, and records what it can read', () => {
    const { calls, instances, policies } = clientFacts('extract/clients/odd-shapes');
    expect(calls.map((c) => `${c.line} ${c.library} ${c.method ?? '*'} ${c.timeout.ms ?? 'none'}/${c.timeout.from}`)).toEqual([
      '25 got GET none/none',
      '26 ky GET 10000/library-default',
      '27 ky GET 10000/library-default',
      '28 superagent * none/none',
      '29 superagent GET none/unknown',
      '30 request GET none/none',
      '31 request GET none/none',
      '32 node:http GET none/none',
      '33 node:http GET none/none',
      '44 fetch GET none/none',
      '48 fetch GET none/signal',
    ]);
    expect([instances, policies]).toEqual([[], []]);
  });
});
