import { describe, expect, it } from 'vitest';
import { isHealthPath } from '../../analyzer/resolve/code/quality-service.js';
import type { ServiceQuality } from '../../analyzer/types/quality-links.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const health = (s: ServiceQuality): string =>
  `${s.service} [${[...s.health.endpoints.map((e) => `${e.key} @${e.location.file}:${e.location.line}`), ...s.health.libraries.map((l) => `${l.library} ${l.what} @${l.location.file}:${l.location.line}`)].join('; ')}]`;

describe('health endpoints', () => {
  it('finds routes named like health checks', () => {
    const { links } = analyzeFixture('extract/quality/shop-basic');
    expect(links.quality!.services.map(health)).toEqual(['service:orders [GET /healthz @src/health.ts:5; GET /ready @src/health.ts:8]']);
  });

  it('finds checks libraries serve, and tells them from routes that only mention a status', () => {
    expect(only(extractFixture('extract/quality/health-libraries').facts, 'health-check').map((f) => `${f.file}:${f.line} ${f.library} ${f.paths.join(' ')}`)).toEqual([
      'jobs/src/index.ts:3 lightship /health /live /ready',
      'worker/src/index.ts:10 @godaddy/terminus /alive /healthcheck',
    ]);
    const { links } = analyzeFixture('extract/quality/health-libraries');
    expect(links.quality!.services.map(health)).toEqual([
      'service:api [GET /api/v1/health/db @api/src/index.ts:12; GET /api/v1/healthz @api/src/index.ts:11; GET /ping @api/src/index.ts:14]',
      'service:jobs [lightship serves /health, /live, /ready @jobs/src/index.ts:3]',
      'service:mailer []',
      'service:worker [@godaddy/terminus serves /alive, /healthcheck @worker/src/index.ts:10]',
    ]);
  });

  it('reads NestJS terminus controllers', () => {
    expect(only(extractFixture('extract/quality/nest-app').facts, 'health-check').map((f) => `${f.file}:${f.line} ${f.paths.join(' ')} @${f.scope.split('#')[1]}`)).toEqual([
      'src/health/health.controller.ts:11 /health/ready @HealthController.ready',
    ]);
  });

  it('judges paths by their first segment after API prefixes; words other routes use count only alone', () => {
    const yes = ['/health', '/healthz', '/_health', '/health/live', '/api/health', '/internal/readiness', '/actuator/health', '/v1/livez', '/status', '/api/ping', '/ready'];
    const no = ['/status/:jobId', '/orders/:id/status', '/statuses', '/api/ready/orders', '/users/health', '/', '/pingback'];
    expect(yes.filter((p) => !isHealthPath(p))).toEqual([]);
    expect(no.filter((p) => isHealthPath(p))).toEqual([]);
  });
});
