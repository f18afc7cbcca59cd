import type { Fact, FactOf } from '../../types/index.js';
import type { EndpointQuality, QualityLinks, ServiceQuality } from '../../types/quality-links.js';
import type { Reached } from './call-graph.js';
import type { Linker, LinkerContext, ServiceReach } from './link-code.js';
import { endpointIdempotency } from './quality-idempotency.js';
import { evidence, MiddlewareIndex } from './quality-reach.js';
import { endpointValidation, factsIn, globalValidation, serviceHealth, serviceLogging, serviceRateLimits } from './quality-service.js';
import { serviceTracing } from './quality-tracing.js';

/** Validation libraries a schema module may import, in the order they are named. */
const SCHEMA_LIBRARIES: [RegExp, string][] = [
  [/^zod(\/|$)/, 'zod'],
  [/^(joi|@hapi\/joi)$/, 'joi'],
  [/^yup$/, 'yup'],
  [/^ajv(\/|$)/, 'ajv'],
  [/^valibot$/, 'valibot'],
  [/^superstruct$/, 'superstruct'],
  [/^class-validator$/, 'class-validator'],
  [/^@sinclair\/typebox/, '@sinclair/typebox'],
  [/^io-ts$/, 'io-ts'],
];

/** The library of a schema imported from this repository: the validation package its module imports. */
function schemaLibrary(ctx: LinkerContext, imports: Map<string, string[]>): (f: FactOf<'validation'>) => string {
  return (f) => {
    if (!f.schemaRef) return f.library;
    const file = ctx.graph.resolver.resolve(f.file, f.schemaRef.module);
    const specifiers = file ? (imports.get(file) ?? []) : [];
    return SCHEMA_LIBRARIES.find(([re]) => specifiers.some((s) => re.test(s)))?.[1] ?? f.library;
  };
}

function endpointsOf(ctx: LinkerContext, service: ServiceReach, middleware: MiddlewareIndex, libraryOf: (f: FactOf<'validation'>) => string, global: ServiceQuality['globalValidation']): EndpointQuality[] {
  const files = new Set(service.files);
  const inService = (r: Reached): boolean => files.has(r.fact.file);
  const out = new Map<string, EndpointQuality>();
  for (const endpoint of service.endpoints) {
    const id = `${endpoint.key}@${endpoint.fact.file}:${endpoint.fact.line}`;
    if (out.has(id)) continue;
    const reached = middleware.reach(endpoint, ctx.graph, inService);
    const packages = middleware.of(endpoint).flatMap((m) => m.packages.map((pkg) => ({ pkg, evidence: evidence(`${pkg} middleware on the route`, { ...m, library: pkg }) })));
    out.set(id, {
      service: service.source.id,
      key: endpoint.key,
      location: endpoint.fact.line ? { file: endpoint.fact.file, line: endpoint.fact.line } : { file: endpoint.fact.file },
      idempotency: endpointIdempotency(endpoint.fact, endpoint.path, reached),
      validation: endpointValidation(reached, packages, global, libraryOf),
    });
  }
  return [...out.values()];
}

/**
 * Resilience-adjacent and observability facts, linked: per endpoint, how repeated requests
 * are made safe and whether the request is validated (through handlers, route middleware and
 * helpers); per service, tracing and context propagation, logging, health endpoints, rate
 * limiting and application-wide validation. Results go to `links.quality`.
 */
export const linkQuality: Linker = (ctx) => {
  const middleware = new MiddlewareIndex(ctx.facts);
  const imports = new Map(ctx.facts.flatMap((f) => (f.kind === 'code-file' ? [[f.file, f.imports] as [string, string[]]] : [])));
  const libraryOf = schemaLibrary(ctx, imports);
  const services: ServiceQuality[] = [];
  const endpoints: EndpointQuality[] = [];
  // The kinds looked up per service, apart once: a scan of all facts per service was quadratic.
  const perService = new Set<Fact['kind']>(['validation', 'tracing', 'logging', 'health-check', 'rate-limit']);
  const serviceFacts = ctx.facts.filter((f) => perService.has(f.kind));
  for (const service of ctx.services) {
    // No code read (another language, an image only): nothing is known, so no entry rather
    // than an entry that says "no tracing, no logging".
    if (!service.files.length) continue;
    const files = new Set(service.files);
    const global = globalValidation(factsIn(serviceFacts, 'validation', files));
    services.push({
      service: service.source.id,
      tracing: serviceTracing(ctx, service, factsIn(serviceFacts, 'tracing', files)),
      logging: serviceLogging(factsIn(serviceFacts, 'logging', files)),
      health: serviceHealth(
        ctx.links.endpoints.filter((e) => e.service === service.source.id),
        factsIn(serviceFacts, 'health-check', files),
      ),
      rateLimits: serviceRateLimits(factsIn(serviceFacts, 'rate-limit', files)),
      globalValidation: global,
    });
    endpoints.push(...endpointsOf(ctx, service, middleware, libraryOf, global));
  }
  const quality: QualityLinks = {
    services: services.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0)),
    endpoints: endpoints.sort((a, b) => {
      const x = `${a.service}\u0000${a.key}\u0000${a.location.file}`;
      const y = `${b.service}\u0000${b.key}\u0000${b.location.file}`;
      return x < y ? -1 : x > y ? 1 : (a.location.line ?? 0) - (b.location.line ?? 0);
    }),
  };
  ctx.links.quality = quality;
};
