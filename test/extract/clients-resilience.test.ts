import { describe, expect, it } from 'vitest';
import { analyzeFixture, callLines } from '../helpers/extract.js';
import { backgroundCalls, clientFacts, endpointCalls } from './clients-helpers.js';

describe('cockatiel, p-retry, async-retry', () => {
  it('records policies (wrap of retry with backoff, breaker, aggressive timeout; constant retries) and the calls in their callbacks', () => {
    const { calls, policies } = clientFacts('extract/clients/resilience');
    expect(policies).toEqual([
      { file: 'src/clients/stock.ts', line: 5, library: 'cockatiel', scope: 'src/clients/stock.ts#', name: 'retryPolicy', exported: false, breaker: null, retry: { attempts: 5, backoff: false, from: 'policy' }, timeoutMs: null },
      { file: 'src/resilience.ts', line: 4, library: 'cockatiel', scope: 'src/resilience.ts#', name: 'resilient', exported: true, breaker: { timeoutMs: null }, retry: { attempts: 3, backoff: true, from: 'policy' }, timeoutMs: 2000 },
    ]);
    expect(calls).toEqual([
      { file: 'src/clients/fraud.ts', line: 7, library: 'fetch', scope: 'src/clients/fraud.ts#L6:5', protocol: 'http', method: 'GET', url: [{ env: 'FRAUD_URL' }, { lit: '/scores/' }, { param: 0, fn: 'src/clients/fraud.ts#score' }], timeout: { ms: 800, from: 'signal' }, inLoop: false, retry: null },
      { file: 'src/clients/stock.ts', line: 9, library: 'axios', scope: 'src/clients/stock.ts#L9:46', protocol: 'http', method: 'GET', url: [{ env: 'STOCK_URL' }, { lit: '/stock/' }, { param: 0, fn: 'src/clients/stock.ts#available' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
      { file: 'src/clients/stock.ts', line: 14, library: 'axios', scope: 'src/clients/stock.ts#L14:26', protocol: 'http', method: 'POST', url: [{ env: 'STOCK_URL' }, { lit: '/reservations' }], timeout: { ms: null, from: 'signal' }, inLoop: false, retry: null },
      { file: 'src/clients/tax.ts', line: 4, library: 'fetch', scope: 'src/clients/tax.ts#fetchRate', protocol: 'http', method: 'GET', url: [{ env: 'TAX_URL' }, { lit: '/rates/' }, { param: 0, fn: 'src/clients/tax.ts#fetchRate' }], timeout: { ms: 1000, from: 'signal' }, inLoop: false, retry: null },
      { file: 'src/clients/tax.ts', line: 15, library: 'fetch', scope: 'src/clients/tax.ts#L15:17', protocol: 'http', method: 'GET', url: [{ env: 'TAX_URL' }, { lit: '/regions' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
    ]);
  });

  it('gives the calls inside policy callbacks their breaker, retries and timeout, also through a policy imported from another module', () => {
    const { links } = analyzeFixture('extract/clients/resilience');
    expect(callLines(links)).toEqual([
      'src/clients/fraud.ts:7 fetch GET → service:fraud (800ms signal)',
      'src/clients/stock.ts:14 axios POST → service:stock (no timeout (signal))',
      'src/clients/stock.ts:9 axios GET → service:stock (no timeout (none))',
      'src/clients/tax.ts:15 fetch GET → service:tax (no timeout (none))',
      'src/clients/tax.ts:4 fetch GET → service:tax (1000ms signal)',
      'src/routes/checkout.ts:11 axios GET → service:users (no timeout (none))',
    ]);
    expect(endpointCalls(links)).toEqual([
      [
        'POST /checkout',
        [
          'src/clients/tax.ts:15 retry 2 timeout none none',
          'src/clients/fraud.ts:7 retry 3 backoff timeout 800 signal',
          'src/clients/tax.ts:4 retry 4 backoff timeout 1000 signal',
          'src/clients/stock.ts:14 in-loop timeout 1500 policy',
          'src/clients/stock.ts:9 in-loop retry 5 timeout none none',
          'src/routes/checkout.ts:11 breaker cockatiel none retry 3 backoff timeout 2000 policy',
        ],
      ],
    ]);
    expect(links.calls.filter((c) => c.breaker).map((c) => `${c.location.file}:${c.location.line} ${c.breaker!.library}`)).toEqual(['src/routes/checkout.ts:11 cockatiel']);
  });
});

describe('opossum breakers, axios-retry and timers', () => {
  it('records breakers other modules fire, axios-retry and defaults.timeout on instances, AbortController timers', () => {
    const { calls, instances, policies } = clientFacts('extract/clients/breakers');
    expect(policies).toEqual([
      { file: 'src/clients/accounts.ts', line: 13, library: 'opossum', scope: 'src/clients/accounts.ts#', name: 'accountsBreaker', exported: true, breaker: { timeoutMs: 3000 }, retry: null, timeoutMs: null, wraps: { name: 'fetchAccount' } },
    ]);
    expect(instances).toEqual([
      { file: 'src/clients/accounts.ts', line: 4, library: 'axios', scope: 'src/clients/accounts.ts#', name: 'accountsApi', exported: false, protocol: 'http', base: [{ env: 'ACCOUNTS_URL' }], timeout: { ms: 2500, from: 'instance' }, retry: null },
      { file: 'src/clients/loyalty.ts', line: 6, library: 'axios', scope: 'src/clients/loyalty.ts#', name: 'loyaltyApi', exported: true, protocol: 'http', base: [{ env: 'LOYALTY_URL' }], timeout: { ms: 1000, from: 'instance' }, retry: { attempts: 3, backoff: true, from: 'instance' } },
    ]);
    expect(calls).toEqual([
      { file: 'src/clients/accounts.ts', line: 8, library: 'axios', scope: 'src/clients/accounts.ts#fetchAccount', protocol: 'http', method: 'GET', url: [{ env: 'ACCOUNTS_URL' }, { lit: '/accounts/' }, { param: 0, fn: 'src/clients/accounts.ts#fetchAccount' }], timeout: { ms: 2500, from: 'instance' }, inLoop: false, retry: null },
      { file: 'src/clients/loyalty.ts', line: 14, library: 'axios', scope: 'src/clients/loyalty.ts#LoyaltyClient.points', protocol: 'http', method: 'GET', url: [{ env: 'LOYALTY_URL' }, { lit: '/points/' }, { param: 0, fn: 'src/clients/loyalty.ts#LoyaltyClient.points' }], timeout: { ms: 1000, from: 'instance' }, inLoop: false, retry: { attempts: 3, backoff: true, from: 'instance' } },
      { file: 'src/clients/offers.ts', line: 11, library: 'axios', scope: 'src/clients/offers.ts#offersFor', protocol: 'http', method: 'GET', url: [{ env: 'OFFERS_URL' }, { lit: '/offers/' }, { param: 0, fn: 'src/clients/offers.ts#offersFor' }], timeout: { ms: 1200, from: 'signal' }, inLoop: false, retry: { attempts: 3, backoff: false, from: 'instance' } },
      { file: 'src/clients/offers.ts', line: 21, library: 'fetch', scope: 'src/clients/offers.ts#weather', protocol: 'http', method: 'GET', url: [{ env: 'WEATHER_URL' }, { lit: '/now?city=' }, { param: 0, fn: 'src/clients/offers.ts#weather' }], timeout: { ms: 700, from: 'signal' }, inLoop: false, retry: null },
    ]);
  });

  it('puts every path to a wrapped call behind its breaker, and per-call timeouts on imported instances', () => {
    const { links } = analyzeFixture('extract/clients/breakers');
    expect(callLines(links)).toEqual([
      'src/clients/accounts.ts:8 axios GET → service:accounts (2500ms instance)',
      'src/clients/loyalty.ts:14 axios GET → service:loyalty (1000ms instance) retry×3 backoff',
      'src/clients/offers.ts:11 axios GET → service:offers (1200ms signal) retry×3',
      'src/clients/offers.ts:21 fetch GET → external:api.weather.example (700ms signal)',
      'src/routes/home.ts:17 axios POST → service:loyalty (4000ms call) retry×3 backoff',
    ]);
    expect(endpointCalls(links)).toEqual([
      [
        'GET /home/:customerId',
        [
          'src/clients/offers.ts:21 timeout 700 signal',
          'src/clients/offers.ts:11 retry 3 timeout 1200 signal',
          'src/clients/loyalty.ts:14 breaker opossum none retry 3 backoff timeout 1000 instance',
          'src/clients/accounts.ts:8 breaker opossum 3000 timeout 2500 instance',
        ],
      ],
      ['POST /home/:customerId/redeem', ['src/routes/home.ts:17 retry 3 backoff timeout 4000 call']],
    ]);
    expect(backgroundCalls(links)).toEqual([
      'src/clients/accounts.ts:8 breaker opossum 3000 timeout 2500 instance',
      'src/clients/loyalty.ts:14 breaker opossum none retry 3 backoff timeout 1000 instance',
      'src/routes/home.ts:17 retry 3 backoff timeout 4000 call',
      'src/clients/offers.ts:21 timeout 700 signal',
      'src/clients/offers.ts:11 retry 3 timeout 1200 signal',
    ]);
    expect(links.calls.map((c) => `${c.location.file}:${c.location.line} ${c.breaker ? c.breaker.library : 'no breaker'}`)).toEqual([
      'src/clients/accounts.ts:8 opossum',
      'src/clients/loyalty.ts:14 opossum',
      'src/clients/offers.ts:11 no breaker',
      'src/clients/offers.ts:21 no breaker',
      'src/routes/home.ts:17 no breaker',
    ]);
  });
});
