import { describe, expect, it } from 'vitest';
import { analyzeFixture, callLines, extractFixture, only } from '../helpers/extract.js';

describe('HTTP clients', () => {
  it('records calls with their library, method, symbolic URL, timeout and retry loop', () => {
    const { facts } = extractFixture('extract/http-clients');
    expect(only(facts, 'http-call').map((c) => ({ at: `${c.file}:${c.line}`, library: c.library, method: c.method, url: c.url, timeout: c.timeout, retry: c.retry, inLoop: c.inLoop }))).toEqual([
      { at: 'src/clients/audit.ts:13', library: 'axios', method: 'POST', url: [{ ref: { module: '../config.js', name: 'config', path: ['auditUrl'], from: 'src/clients/audit.ts' } }, { lit: '/events' }], timeout: { ms: 1000, from: 'call' }, retry: { attempts: 5, backoff: true }, inLoop: false },
      { at: 'src/clients/catalog.ts:4', library: 'fetch', method: 'GET', url: [{ ref: { module: '../config.js', name: 'config', path: ['catalogUrl'], from: 'src/clients/catalog.ts' } }, { lit: '/products/' }, { param: 0, fn: 'src/clients/catalog.ts#getProduct' }], timeout: { ms: 800, from: 'signal' }, retry: null, inLoop: false },
      { at: 'src/clients/catalog.ts:9', library: 'fetch', method: 'GET', url: [{ ref: { module: '../config.js', name: 'config', path: ['catalogUrl'], from: 'src/clients/catalog.ts' } }, { lit: '/search?q=' }, { param: 0, fn: 'src/clients/catalog.ts#searchProducts' }], timeout: { ms: null, from: 'none' }, retry: null, inLoop: false },
      { at: 'src/clients/payments.ts:6', library: 'undici', method: 'POST', url: [{ ref: { module: '../config.js', name: 'config', path: ['paymentsBase'], from: 'src/clients/payments.ts' } }, { lit: '/charges/' }, { param: 0, fn: 'src/clients/payments.ts#charge' }], timeout: { ms: 2000, from: 'call' }, retry: null, inLoop: false },
    ]);
    expect(only(facts, 'client-instance').map((c) => [c.name, c.exported, c.base, c.timeout])).toEqual([['usersClient', true, [{ env: 'USERS_URL' }], { ms: 1500, from: 'instance' }]]);
    expect(only(facts, 'module-value').map((v) => [v.name, v.path.join('.'), v.value])).toEqual([
      ['config', 'catalogUrl', [{ env: 'CATALOG_URL', fallback: 'http://localhost:8080/api' }]],
      ['config', 'paymentsBase', [{ lit: 'http://' }, { env: 'PAYMENTS_HOST' }, { lit: ':9000' }]],
      ['config', 'auditUrl', [{ env: 'AUDIT_URL', fallback: 'http://audit:7000' }]],
    ]);
  });

  it('resolves every call to a service through constants, instances in other modules and the manifests', () => {
    const { links } = analyzeFixture('extract/http-clients');
    expect(callLines(links)).toEqual([
      'src/clients/audit.ts:13 axios POST → service:audit (1000ms call) hardcoded retry×5 backoff',
      'src/clients/catalog.ts:4 fetch GET → service:catalog (800ms signal)',
      'src/clients/catalog.ts:9 fetch GET → service:catalog (no timeout (none))',
      'src/clients/payments.ts:6 undici POST → service:payments (2000ms call)',
      'src/routes/checkout.ts:10 axios GET → service:users (1500ms instance)',
    ]);
  });

  it('follows each endpoint into helpers: loops over items, breakers and retries on the path', () => {
    const { links } = analyzeFixture('extract/http-clients');
    const view = links.endpoints.map((e) => [e.key, e.calls.map((c) => `${c.call.split('|')[1]}${c.inLoop ? ' in-loop' : ''}${c.breaker ? ` breaker ${c.breaker.timeoutMs}ms` : ''}${c.retry ? ' retried' : ''}`)]);
    expect(view).toEqual([
      ['GET /search', ['src/clients/catalog.ts:9']],
      ['POST /api/checkout', ['src/routes/checkout.ts:10', 'src/clients/audit.ts:13 retried', 'src/clients/payments.ts:6 breaker 2500ms', 'src/clients/catalog.ts:4 in-loop']],
    ]);
  });

  it('puts observed calls on the graph beside what the manifests declare', () => {
    const { report } = analyzeFixture('extract/http-clients');
    expect(report.edges.map((e) => `${e.to} ${e.declared ? 'declared' : ''}${e.observed ? ' observed' : ''} [${(e.endpoints ?? []).join(', ')}]`)).toEqual([
      'service:audit  observed [POST /api/checkout]',
      'service:catalog declared observed [GET /search, POST /api/checkout]',
      'service:payments declared observed [POST /api/checkout]',
      'service:users declared observed [POST /api/checkout]',
    ]);
  });
});
