import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze, type Analysis } from '../../analyzer/run.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/**
 * The ground truth of sample-system/EXPECTED.md for idempotency, tracing, logging and health:
 * payments' POST /payments reads Idempotency-Key (a negative), orders' POST /orders does not
 * (seeded smell 7), inventory's PUT /reservations/:orderId is keyed by the order (a negative), the
 * unsubscribe GET changes state (smell 8), every service uses @opentelemetry/api and pino, and
 * shipping serves /health although its manifests declare no probe.
 */
describe('sample-system quality links', () => {
  let analysis: Analysis;
  beforeAll(() => {
    analysis = analyze(`${REPO_ROOT}/sample-system`, { config: DEFAULT_CONFIG });
  });

  it('classifies how every state-changing endpoint handles a repeated request', () => {
    const endpoints = analysis.links.quality!.endpoints.filter((e) => e.idempotency || e.key.includes('unsubscribe'));
    expect(endpoints.map((e) => `${e.service} ${e.key} ${e.idempotency?.how ?? 'none'} @${e.location.file}:${e.location.line}`)).toEqual([
      'service:api-gateway ALL /api/notifications proxied @services/api-gateway/src/proxy-routes.ts:77',
      'service:api-gateway ALL /api/orders proxied @services/api-gateway/src/proxy-routes.ts:45',
      'service:api-gateway ALL /api/products proxied @services/api-gateway/src/proxy-routes.ts:53',
      'service:api-gateway ALL /api/shipping proxied @services/api-gateway/src/proxy-routes.ts:69',
      'service:api-gateway ALL /api/users proxied @services/api-gateway/src/proxy-routes.ts:37',
      'service:inventory PUT /reservations/:orderId natural-key @services/inventory/src/routes/reservations.ts:65',
      'service:notifications PUT /notifications/:id/read natural-key @services/notifications/src/routes/notifications.ts:42',
      'service:orders POST /orders none @services/orders/src/routes/orders.ts:42',
      'service:payments POST /payments header @services/payments/src/routes/payments.ts:36',
      'service:payments POST /payments/:id/refunds header @services/payments/src/routes/payments.ts:73',
      'service:shipping PUT /shipments/:id/status natural-key @services/shipping/src/routes/shipments.ts:39',
      'service:users GET /users/:id/unsubscribe none @services/users/src/routes/unsubscribe.ts:28',
      'service:users PUT /users/:id natural-key @services/users/src/routes/users.ts:83',
      'service:users PUT /users/:id/preferences natural-key @services/users/src/routes/users.ts:91',
    ]);
    const payments = analysis.links.quality!.endpoints.find((e) => e.key === 'POST /payments')!;
    // Read by the idempotent() middleware in another file, and by the handler itself.
    expect(payments.idempotency!.evidence.filter((e) => e.what === 'reads header idempotency-key').map((e) => `${e.location.file}:${e.location.line}`)).toEqual([
      'services/payments/src/idempotency.ts:29',
      'services/payments/src/routes/payments.ts:45',
    ]);
  });

  it('sees tracing injected by the OpenTelemetry operator (pod annotations) and pino in every service, health endpoints everywhere, and the gateway rate limit', () => {
    expect(
      analysis.links.quality!.services.map(
        (s) => `${s.service} ${s.tracing.how}/${s.tracing.propagation} ${s.logging.verdict} ${s.health.endpoints.map((e) => e.key).join(',')} ${s.rateLimits.map((e) => `${e.location.file}:${e.location.line}`).join(',')}`,
      ),
    ).toEqual([
      'service:api-gateway otel-operator/auto structured GET /health,GET /health/live services/api-gateway/src/index.ts:18',
      'service:inventory otel-operator/auto structured GET /health,GET /health/live ',
      'service:notifications otel-operator/auto structured GET /health,GET /health/live ',
      'service:orders otel-operator/auto structured GET /health,GET /health/live ',
      'service:payments otel-operator/auto structured GET /health,GET /health/live ',
      'service:shipping otel-operator/auto structured GET /health,GET /health/live ',
      'service:users otel-operator/auto structured GET /health,GET /health/live ',
    ]);
  });

  it('validates request bodies of the mutating endpoints with zod', () => {
    const mutating = analysis.links.quality!.endpoints.filter((e) => /^(POST|PUT|PATCH|DELETE) /.test(e.key));
    expect(mutating.filter((e) => !e.validation.inputs.includes('body')).map((e) => e.key)).toEqual(['PUT /notifications/:id/read']);
    const unsubscribe = analysis.links.quality!.endpoints.find((e) => e.key === 'GET /users/:id/unsubscribe')!;
    expect(unsubscribe.validation.evidence.map((e) => `${e.library} ${e.what} @${e.location.line}`)).toEqual(['zod validates the request query with UnsubscribeQuery @29']);
  });

  it('fills the checklist from the code: breakers and timeouts as the findings say, the gateway limit for the services behind it', () => {
    const items = new Set(['timeouts', 'circuit breakers', 'rate limiting', 'health endpoint', 'structured logs', 'tracing']);
    const statuses = new Map<string, string[]>();
    for (const r of analysis.report.score.checklist.filter((x) => items.has(x.item))) statuses.set(r.item, [...(statuses.get(r.item) ?? []), `${r.service}:${r.status}`]);
    // Which calls a breaker protects is the resilience linking's answer; the unprotected edges of the seeded smells fail either way.
    const breakers = statuses.get('circuit breakers') ?? [];
    statuses.delete('circuit breakers');
    expect(breakers.filter((r) => /^(inventory|notifications|orders|shipping|users):/.test(r))).toEqual(['inventory:pass', 'notifications:fail', 'orders:fail', 'shipping:fail', 'users:pass']);
    expect(Object.fromEntries(statuses)).toEqual({
      'health endpoint': ['api-gateway:pass', 'inventory:pass', 'notifications:pass', 'orders:pass', 'payments:pass', 'shipping:pass', 'users:pass'],
      'rate limiting': ['api-gateway:pass', 'inventory:pass', 'notifications:pass', 'orders:pass', 'payments:unknown', 'shipping:pass', 'users:pass'],
      'structured logs': ['api-gateway:pass', 'inventory:pass', 'notifications:pass', 'orders:pass', 'payments:pass', 'shipping:pass', 'users:pass'],
      timeouts: ['api-gateway:pass', 'inventory:pass', 'notifications:fail', 'orders:pass', 'payments:pass', 'shipping:pass', 'users:pass'],
      tracing: ['api-gateway:pass', 'inventory:pass', 'notifications:pass', 'orders:pass', 'payments:pass', 'shipping:pass', 'users:pass'],
    });
  });
});
