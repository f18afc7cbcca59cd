import type { Detector } from '../detector.js';
import { healthDetector } from './health.js';
import { idempotencyDetector } from './idempotency.js';
import { loggingDetector } from './logging.js';
import { rateLimitDetector } from './rate-limit.js';
import { routeMiddlewareDetector } from './route-middleware.js';
import { tracingDetector } from './tracing.js';
import { validationDetector } from './request-validation.js';

/** Resilience-adjacent and observability detectors: idempotency keys, validation, tracing, logging, health endpoints, rate limits, route middleware. */
export const QUALITY_DETECTORS: readonly Detector[] = [
  idempotencyDetector,
  validationDetector,
  tracingDetector,
  loggingDetector,
  healthDetector,
  rateLimitDetector,
  routeMiddlewareDetector,
];
