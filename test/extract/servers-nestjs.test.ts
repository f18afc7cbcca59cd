import { describe, expect, it } from 'vitest';
import { endpointCalls, endpointLines, linkedEndpointLines } from '../helpers/endpoints.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('NestJS', () => {
  it('finds controller routes (path and { path }, method path arrays, aliased decorators) and message handlers', () => {
    const { facts, diagnostics } = extractFixture('extract/servers/nestjs');
    expect(endpointLines(facts)).toEqual([
      'GET /health src/ops/health.controller.ts:5 [HealthController.check]',
      'GET /metrics src/ops/metrics.controller.ts:6 [MetricsController.scrape]',
      'GET /metrics/raw src/ops/metrics.controller.ts:11 [MetricsController.raw]',
      'DELETE /metrics src/ops/metrics.controller.ts:16 [MetricsController.reset]',
      'GET /orders src/orders/orders.controller.ts:9 [OrdersController.list]',
      'GET /orders/:id src/orders/orders.controller.ts:14 [OrdersController.get]',
      'POST /orders src/orders/orders.controller.ts:19 [OrdersController.create]',
      'PUT /orders/:id/cancel src/orders/orders.controller.ts:25 [OrdersController.cancel]',
      'PUT /orders/:id/cancellation src/orders/orders.controller.ts:25 [OrdersController.cancel]',
      'MESSAGE {"cmd":"get_order","version":1} src/orders/orders.controller.ts:30 [OrdersController.getByMessage]',
      'EVENT payment.settled src/orders/orders.controller.ts:35 [OrdersController.onPaymentSettled]',
    ]);
    expect(only(facts, 'global-prefix').map((g) => [g.file, g.line, g.prefix, g.exclude])).toEqual([
      ['src/main.ts', 8, [{ lit: 'api' }], [{ path: 'health', method: null }, { path: 'metrics', method: 'GET' }]],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('puts the global prefix before every controller route but the excluded ones; events mutate, request-reply messages read', () => {
    const analysis = analyzeFixture('extract/servers/nestjs');
    expect(linkedEndpointLines(analysis)).toEqual([
      'DELETE /api/metrics src/ops/metrics.controller.ts:16 mutating',
      'EVENT payment.settled src/orders/orders.controller.ts:35 mutating',
      'GET /api/metrics/raw src/ops/metrics.controller.ts:11 safe',
      'GET /api/orders src/orders/orders.controller.ts:9 safe',
      'GET /api/orders/:id src/orders/orders.controller.ts:14 safe',
      'GET /health src/ops/health.controller.ts:5 safe',
      'GET /metrics src/ops/metrics.controller.ts:6 safe',
      'MESSAGE {"cmd":"get_order","version":1} src/orders/orders.controller.ts:30 safe',
      'POST /api/orders src/orders/orders.controller.ts:19 mutating',
      'PUT /api/orders/:id/cancel src/orders/orders.controller.ts:25 mutating',
      'PUT /api/orders/:id/cancellation src/orders/orders.controller.ts:25 mutating',
    ]);
  });

  it('follows a route into constructor-injected services and their clients: controller → service → axios', () => {
    const analysis = analyzeFixture('extract/servers/nestjs');
    expect(endpointCalls(analysis)).toEqual(['POST /api/orders → src/payments/payments.client.ts:9 service:payments']);
    const call = analysis.links.calls.find((c) => c.location.file === 'src/payments/payments.client.ts');
    expect(call && { method: call.method, url: call.url, timeout: call.timeout }).toEqual({ method: 'POST', url: [{ env: 'PAYMENTS_URL' }, { lit: '/charges' }], timeout: { ms: 2500, from: 'instance' } });
    expect(analysis.report.edges.find((e) => e.to === 'service:payments')?.endpoints).toEqual(['POST /api/orders']);
  });
});
