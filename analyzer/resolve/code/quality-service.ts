import type { Fact, FactOf, LinkedEndpoint } from '../../types/index.js';
import type { EndpointValidation, QualityEvidence, ServiceHealth, ServiceLogging } from '../../types/quality-links.js';
import type { Reached } from './call-graph.js';
import { evidence, locationOf, sortEvidence } from './quality-reach.js';

type Inputs = EndpointValidation['inputs'][number];
const REQUEST_INPUTS = new Set<string>(['body', 'query', 'params', 'headers', 'request']);
/** Middleware packages that validate requests against a schema when applied to a route. */
const VALIDATING_MIDDLEWARE = new Set(['celebrate', 'express-validator', 'express-joi-validation', 'express-zod-safe', 'zod-express-middleware', 'express-json-validator-middleware', 'express-openapi-validator']);
/** A proxied `/health` is the health of the service behind the proxy. */
const PROXIES = new Set(['http-proxy-middleware', 'express-http-proxy', '@fastify/http-proxy']);
/** Files that are not the service's runtime: scripts, tools, seeds, migrations. */
const NOT_RUNTIME = /(^|\/)(scripts?|bin|tools|seeds?|migrations?|fixtures|examples?|benchmarks?|e2e|__mocks__)\//;
/** Leading path segments before a health check's own name (`/api/health`, `/internal/ready`, `/actuator/health`). */
const PREFIX_SEGMENTS = /^(api|internal|private|v\d+|management|actuator|admin|system|_system|ops|monitoring)$/i;
/** Names only health checks have (`/health/db`, `/healthz`, `/readiness` and what follows them). */
const HEALTH_NAME = /^(_?health(z|check|-check)?|healthcheck|readyz|readiness|livez|liveness)$/i;
/** Names other routes use too: a check only when they stand alone (`/status`, `/api/ping`), not `/status/:jobId`. */
const CHECK_WORD = /^(_?ready|_?live|_?alive|_?status|ping|heartbeat)$/i;

/** Whether a route path is a health, readiness or liveness check. */
export function isHealthPath(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  while (segments.length > 1 && PREFIX_SEGMENTS.test(segments[0]!)) segments.shift();
  const first = segments[0];
  return !!first && (HEALTH_NAME.test(first) || (segments.length === 1 && CHECK_WORD.test(first)));
}

/** Whether the endpoint's request is checked against a schema: by its handling, route middleware, or application-wide. */
export function endpointValidation(reached: readonly Reached[], packages: readonly { pkg: string; evidence: QualityEvidence }[], global: readonly QualityEvidence[], libraryOf: (f: FactOf<'validation'>) => string): EndpointValidation {
  const items: QualityEvidence[] = [];
  const inputs = new Set<Inputs>();
  for (const r of reached) {
    if (r.fact.kind !== 'validation' || !REQUEST_INPUTS.has(r.fact.input)) continue;
    inputs.add(r.fact.input as Inputs);
    items.push({ ...evidence(`validates the request ${r.fact.input}${r.fact.schema ? ` with ${r.fact.schema}` : ''}`, r.fact), library: libraryOf(r.fact) });
  }
  for (const p of packages) {
    if (!VALIDATING_MIDDLEWARE.has(p.pkg)) continue;
    inputs.add('request');
    items.push(p.evidence);
  }
  if (global.length) inputs.add('request');
  items.push(...global);
  return { validated: items.length > 0, inputs: [...inputs].sort(), evidence: sortEvidence(items) };
}

/** Loggers and console output of a service's files, and the verdict. */
export function serviceLogging(facts: readonly FactOf<'logging'>[]): ServiceLogging {
  const loggerFacts = facts.filter((f) => f.what !== 'console');
  const nestPino = loggerFacts.some((f) => f.library === 'nestjs-pino');
  const loggers = sortEvidence(
    loggerFacts.map((f) => ({ ...evidence(`${f.library} ${f.what === 'http-logger' ? 'HTTP request logger' : 'logger'}${f.name ? ` \`${f.name}\`` : ''}`, f), structured: f.structured ?? nestPino })),
  );
  const console = sortEvidence(facts.filter((f) => f.what === 'console' && !NOT_RUNTIME.test(f.file)).map((f) => evidence(`console.${f.name ?? 'log'}`, f)));
  const structured = loggers.some((l) => l.structured === true);
  const text = console.length > 0 || loggers.some((l) => l.structured === false);
  const verdict = structured ? (text ? 'mixed' : 'structured') : text || loggers.length ? 'unstructured' : 'none';
  return { verdict, loggers, console };
}

/** Health endpoints of a service: routes named like checks, and those libraries serve. */
export function serviceHealth(endpoints: readonly LinkedEndpoint[], facts: readonly FactOf<'health-check'>[]): ServiceHealth {
  const routes = endpoints
    .filter((e) => (e.method === 'GET' || e.method === 'HEAD' || e.method === 'ALL') && !PROXIES.has(e.library) && isHealthPath(e.path))
    .map((e) => ({ key: e.key, location: e.location }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0)));
  return { endpoints: routes, libraries: sortEvidence(facts.map((f) => evidence(`serves ${f.paths.join(', ')}`, f))) };
}

/** Rate limiters of a service, applied ones with their path. */
export function serviceRateLimits(facts: readonly FactOf<'rate-limit'>[]): QualityEvidence[] {
  return sortEvidence(facts.map((f) => evidence(f.applied ? `rate limit applied${f.path ? ` on ${f.path}` : ''}` : 'limiter created', f)));
}

/** Application-wide validation (NestJS global ValidationPipe, express-openapi-validator). */
export function globalValidation(facts: readonly FactOf<'validation'>[]): QualityEvidence[] {
  return sortEvidence(facts.filter((f) => f.global).map((f) => ({ what: `validates every request (${f.method})`, library: f.library, location: locationOf(f) })));
}

export function factsIn<K extends Fact['kind']>(facts: readonly Fact[], kind: K, files: ReadonlySet<string>): FactOf<K>[] {
  return facts.filter((f): f is FactOf<K> => f.kind === kind && files.has(f.file));
}
