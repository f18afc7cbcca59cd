import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { scoreSystem } from '../../analyzer/score/index.js';
import type { Score } from '../../analyzer/types/index.js';
import { analyzeFixture } from '../helpers/extract.js';

const CODE_ITEMS = new Set(['tracing', 'structured logs', 'health endpoint', 'timeouts', 'circuit breakers', 'rate limiting']);
const rows = (score: Score, items: ReadonlySet<string> = CODE_ITEMS): string[] =>
  score.checklist.filter((r) => items.has(r.item)).map((r) => `${r.service} | ${r.item} | ${r.status} | ${r.evidence}`);

describe('production checklist items the code answers', () => {
  it('answers tracing, logs, health endpoint, timeouts, breakers and rate limiting for a service', () => {
    const { report } = analyzeFixture('extract/quality/shop-basic');
    expect(rows(report.score)).toEqual([
      'orders | circuit breakers | pass | makes no synchronous calls to other services (proxied routes forward within their own timeout)',
      'orders | health endpoint | pass | GET /healthz (src/health.ts:5), GET /ready (src/health.ts:8)',
      'orders | rate limiting | pass | express-rate-limit applied on /api (src/index.ts:11)',
      'orders | structured logs | pass | pino (src/observability.ts:3)',
      'orders | timeouts | pass | makes no outbound HTTP or gRPC calls',
      'orders | tracing | pass | otel-sdk with automatic instrumentation: loaded first by src/index.ts (src/index.ts:1), SDK created with instrumentations (src/tracing.ts:4), instrumentations registered (src/tracing.ts:6) and 1 more',
    ]);
  });

  it('counts a rate limiter in front (a proxy service that limits), and tells exposed services from internal ones', () => {
    const { report } = analyzeFixture('extract/quality/gateway-rate-limit');
    expect(rows(report.score, new Set(['rate limiting']))).toEqual([
      'accounts | rate limiting | pass | rate limited in front, at edge (edge/src/limits.ts:4)',
      'edge | rate limiting | pass | express-rate-limit limiter created (edge/src/limits.ts:4)',
      'ledger | rate limiting | pass | rate-limiter-flexible limiter created (ledger/src/index.ts:5)',
      'partners | rate limiting | fail | exposed outside the system without a rate limiter',
      'reports | rate limiting | unknown | no rate limiter in its code; not exposed outside the system',
    ]);
  });

  it('says why tracing fails or is unknown, and which logs are text', () => {
    const tracing = analyzeFixture('extract/quality/preloaded-tracing');
    expect(rows(tracing.report.score, new Set(['tracing'])).filter((r) => !r.includes('| pass |'))).toEqual([
      'pricing | tracing | fail | no tracing set up in code, start command or manifests; pricing/src/telemetry-setup.ts:3, pricing/src/telemetry-setup.ts:4 sets it up, but nothing imports or preloads that file',
      'ratings | tracing | fail | no tracing set up in code, start command or manifests',
      'reviews | tracing | unknown | spans through @opentelemetry/api (reviews/src/index.ts:4, reviews/src/index.ts:7), but no SDK is started in code, start command or manifests; they are no-ops unless the platform injects one',
    ]);
    const logs = analyzeFixture('extract/quality/shared-logger');
    expect(rows(logs.report.score, new Set(['structured logs']))).toEqual([
      'audit | structured logs | fail | pino, pino-http, but also text output: console.error at services/audit/src/index.ts:9',
      'billing | structured logs | pass | pino (packages/logger/src/index.ts:4)',
      'emails | structured logs | fail | text output only: console.warn at services/emails/src/index.ts:6, winston logger `log` at services/emails/src/log.ts:4',
      'notifier | structured logs | unknown | no logger and no console output in the code',
    ]);
  });

  it('adds no code rows without code links, so the manifest checklist stands alone', () => {
    const { graph, facts, links, report } = analyzeFixture('extract/quality/health-libraries');
    expect(rows(scoreSystem({ graph, facts, config: DEFAULT_CONFIG }))).toEqual([]);
    expect(scoreSystem({ graph, facts, config: DEFAULT_CONFIG, links }).checklist).toEqual(report.score.checklist);
    expect(rows(report.score, new Set(['health endpoint']))).toEqual([
      'api | health endpoint | pass | GET /api/v1/health/db (api/src/index.ts:12), GET /api/v1/healthz (api/src/index.ts:11), GET /ping (api/src/index.ts:14)',
      'jobs | health endpoint | pass | lightship serves /health, /live, /ready (jobs/src/index.ts:3)',
      'mailer | health endpoint | fail | no health, readiness or liveness endpoint in the code',
      'worker | health endpoint | pass | @godaddy/terminus serves /alive, /healthcheck (worker/src/index.ts:10)',
    ]);
  });
});
