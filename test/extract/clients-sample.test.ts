import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../analyzer/run.js';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { callLines } from '../helpers/extract.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { endpointCalls } from './clients-helpers.js';

/**
 * The sample shop's outbound calls, with what the timeout, circuit-breaker, retry and per-item
 * rules need (sample-system/EXPECTED.md, findings 4–6, 9, 14, 17–22 and their negatives).
 */
describe('outbound calls of the sample system', () => {
  const { links } = analyze(path.join(REPO_ROOT, 'sample-system'), { config: DEFAULT_CONFIG });

  it('resolves every call, with its timeout, retries, and a breaker when every path to it has one', () => {
    expect(callLines(links).map((line, i) => `${line}${links.calls[i]!.breaker ? ` breaker ${links.calls[i]!.breaker!.timeoutMs}ms` : ''}`)).toEqual([
      'services/api-gateway/src/dashboard.ts:20 axios GET → service:users (1500ms instance) breaker 2000ms',
      'services/api-gateway/src/dashboard.ts:25 axios GET → service:orders (1500ms instance) breaker 2000ms',
      'services/api-gateway/src/dashboard.ts:30 axios GET → service:shipping (1500ms instance) breaker 2000ms',
      'services/api-gateway/src/dashboard.ts:35 axios GET → service:notifications (1500ms instance) breaker 2000ms',
      'services/api-gateway/src/proxy-routes.ts:37 http-proxy-middleware * → service:users (3000ms call)',
      'services/api-gateway/src/proxy-routes.ts:45 http-proxy-middleware * → service:orders (3000ms call)',
      'services/api-gateway/src/proxy-routes.ts:53 http-proxy-middleware * → service:inventory (3000ms call)',
      'services/api-gateway/src/proxy-routes.ts:69 http-proxy-middleware * → service:shipping (3000ms call)',
      'services/api-gateway/src/proxy-routes.ts:77 http-proxy-middleware * → service:notifications (3000ms call)',
      'services/notifications/src/clients/mail.ts:18 fetch POST → external:api.mailrelay.example (2000ms signal) breaker 2500ms',
      'services/notifications/src/clients/users.ts:18 fetch GET → service:users (no timeout (none))',
      'services/orders/src/checkout/price-cart.ts:25 axios GET → service:inventory (2000ms instance)',
      'services/orders/src/clients/inventory.ts:33 axios PUT → service:inventory (2000ms call) hardcoded',
      'services/orders/src/clients/payments.ts:37 axios POST → service:payments (2000ms instance) breaker 2000ms',
      'services/orders/src/clients/payments.ts:46 axios POST → service:payments (2000ms instance) breaker 2000ms',
      'services/orders/src/clients/shipping.ts:25 axios GET → service:shipping (2000ms instance)',
      'services/orders/src/routes/receipts.ts:22 axios GET → service:users (2000ms instance)',
      'services/orders/src/routes/receipts.ts:23 axios GET → service:users (2000ms instance)',
      'services/orders/src/routes/receipts.ts:24 axios GET → service:users (2000ms instance)',
      'services/payments/src/psp-client.ts:39 axios POST → external:api.paystream.example (2000ms instance) breaker 2000ms',
      'services/payments/src/psp-client.ts:44 axios POST → external:api.paystream.example (2000ms instance) breaker 2000ms',
      'services/shipping/src/clients/carrier.ts:37 axios POST → external:api.parcelhub.example (10000ms instance)',
      'services/shipping/src/clients/orders.ts:34 axios GET → service:orders (2000ms instance) retry×3',
    ]);
  });

  it('follows each endpoint to its calls: loops, breakers, retries without backoff, effective timeouts', () => {
    expect(endpointCalls(links).filter(([, calls]) => calls.length)).toEqual([
      ['ALL /api/notifications', ['services/api-gateway/src/proxy-routes.ts:77 timeout 3000 call']],
      ['ALL /api/orders', ['services/api-gateway/src/proxy-routes.ts:45 timeout 3000 call']],
      ['ALL /api/products', ['services/api-gateway/src/proxy-routes.ts:53 timeout 3000 call']],
      ['ALL /api/shipping', ['services/api-gateway/src/proxy-routes.ts:69 timeout 3000 call']],
      ['ALL /api/users', ['services/api-gateway/src/proxy-routes.ts:37 timeout 3000 call']],
      [
        'GET /api/dashboard',
        [
          'services/api-gateway/src/dashboard.ts:35 breaker opossum 2000 timeout 1500 instance',
          'services/api-gateway/src/dashboard.ts:30 breaker opossum 2000 timeout 1500 instance',
          'services/api-gateway/src/dashboard.ts:25 breaker opossum 2000 timeout 1500 instance',
          'services/api-gateway/src/dashboard.ts:20 breaker opossum 2000 timeout 1500 instance',
        ],
      ],
      ['GET /orders/:id/receipt', ['services/orders/src/routes/receipts.ts:22 timeout 2000 instance', 'services/orders/src/routes/receipts.ts:23 timeout 2000 instance', 'services/orders/src/routes/receipts.ts:24 timeout 2000 instance']],
      [
        'POST /orders',
        [
          'services/orders/src/clients/payments.ts:46 breaker opossum 2000 timeout 2000 instance',
          'services/orders/src/clients/payments.ts:37 breaker opossum 2000 timeout 2000 instance',
          'services/orders/src/clients/inventory.ts:33 timeout 2000 call',
          'services/orders/src/clients/shipping.ts:25 timeout 2000 instance',
          'services/orders/src/checkout/price-cart.ts:25 in-loop timeout 2000 instance',
        ],
      ],
      ['POST /payments', ['services/payments/src/psp-client.ts:39 breaker opossum 2000 timeout 2000 instance']],
      ['POST /payments/:id/refunds', ['services/payments/src/psp-client.ts:44 breaker opossum 2000 timeout 2000 instance']],
      ['GET /quotes', ['services/shipping/src/clients/carrier.ts:37 timeout 10000 instance', 'services/shipping/src/clients/orders.ts:34 retry 3 timeout 2000 instance']],
    ]);
  });
});
