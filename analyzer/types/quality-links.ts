import type { Location } from './common.js';

/**
 * What the link stage decided about idempotency, validation, tracing, logging, health
 * endpoints and rate limiting, per endpoint and per service, with the evidence for each
 * answer. Rules and the production checklist read these; nothing here is a judgement about
 * whether the answer is good enough.
 */
export interface QualityEvidence {
  /** Short description of what was seen: `reads header idempotency-key`, `new NodeSDK with instrumentations`. */
  what: string;
  library: string;
  location: Location;
}

/**
 * How repeating a request is made safe. `header`: a client-supplied idempotency key is read (or a
 * request id used with a dedupe or an upsert); `natural-key`: the writes are upserts, or the
 * request is a PUT/DELETE of a resource named in the path; `dedupe-lookup`: the handling claims or
 * looks up a key before writing (processed-requests store, `SET NX`, an `idempotencyKey` field);
 * `proxied`: a gateway route that forwards the request; `none`: nothing of the above.
 */
export type IdempotencyHow = 'header' | 'natural-key' | 'dedupe-lookup' | 'proxied' | 'none';

export interface EndpointIdempotency {
  how: IdempotencyHow;
  evidence: QualityEvidence[];
  /** Writes the handling reaches (database statements), shown for `none` and for state-changing safe methods. */
  writes: QualityEvidence[];
}

export interface EndpointValidation {
  /** Some part of the request (body, query, params, headers) is checked against a schema. */
  validated: boolean;
  inputs: ('body' | 'query' | 'params' | 'headers' | 'request')[];
  evidence: QualityEvidence[];
}

export interface EndpointQuality {
  service: string;
  /** `METHOD /full/path`, as in `LinkedEndpoint.key`. */
  key: string;
  location: Location;
  /** Null for a safe method (GET, HEAD, OPTIONS) whose handling writes to no database. */
  idempotency: EndpointIdempotency | null;
  validation: EndpointValidation;
}

export type TracingHow = 'otel-sdk' | 'otel-preload' | 'otel-operator' | 'dd-trace' | 'elastic-apm' | 'newrelic' | 'sentry' | 'otel-api' | 'none';

export interface ServiceTracing {
  /** How traces are produced: an SDK or agent started in code, preloaded, injected by the OpenTelemetry operator; `otel-api` when only the API is used (spans are no-ops unless an SDK is loaded elsewhere). */
  how: TracingHow;
  /** http clients and servers are instrumented automatically, so incoming context is continued and outgoing calls carry it. */
  auto: boolean;
  setup: QualityEvidence[];
  /** Tracers and spans made by hand, and manual context propagation. */
  spans: QualityEvidence[];
  /** `auto` with automatic instrumentation, `manual` when code injects context itself, `unknown` with the API only, `none` without tracing. */
  propagation: 'auto' | 'manual' | 'unknown' | 'none';
  /** Outbound calls (`LinkedCall.id`) that carry no trace context: every call when propagation is `none`; with `manual`, calls on paths that inject nothing. */
  untracedCalls: string[];
}

export interface ServiceLogging {
  /** `structured`: structured loggers and no `console`; `mixed`: both; `unstructured`: only text output; `none`: no logging seen. */
  verdict: 'structured' | 'unstructured' | 'mixed' | 'none';
  loggers: (QualityEvidence & { structured: boolean | null })[];
  /** `console.*` calls in service code (scripts, tools and seeds excluded). */
  console: QualityEvidence[];
}

export interface ServiceHealth {
  /** Endpoints named like health, readiness or liveness checks. */
  endpoints: { key: string; location: Location }[];
  /** Health endpoints served by a library (terminus, lightship, ...), with their paths in `what`. */
  libraries: QualityEvidence[];
}

export interface ServiceQuality {
  /** Node id of the service. */
  service: string;
  tracing: ServiceTracing;
  logging: ServiceLogging;
  health: ServiceHealth;
  /** Rate limiters made or applied in the service's code (`what` names the path when mounted on one). */
  rateLimits: QualityEvidence[];
  /** Validation that applies to every request (NestJS global ValidationPipe, express-openapi-validator). */
  globalValidation: QualityEvidence[];
}

export interface QualityLinks {
  services: ServiceQuality[];
  endpoints: EndpointQuality[];
}
