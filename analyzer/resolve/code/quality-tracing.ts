import { factsOf } from '../facts-of.js';
import path from 'node:path';
import type { Fact, FactOf } from '../../types/index.js';
import { preloadedModules } from '../../types/quality-facts.js';
import type { QualityEvidence, ServiceTracing, TracingHow } from '../../types/quality-links.js';
import type { LinkerContext, ServiceReach } from './link-code.js';
import { evidence, sortEvidence } from './quality-reach.js';

/** How a tracing library traces, by the package that started it. */
const HOW_BY_LIBRARY: Record<string, TracingHow> = {
  'dd-trace': 'dd-trace',
  'elastic-apm-node': 'elastic-apm',
  newrelic: 'newrelic',
  '@sentry/node': 'sentry',
};
/** Preloaded packages that start tracing with automatic instrumentation. */
const PRELOAD_HOW: Record<string, TracingHow> = {
  '@opentelemetry/auto-instrumentations-node/register': 'otel-preload',
  '@splunk/otel/instrument': 'otel-preload',
  'dd-trace/init': 'dd-trace',
  'elastic-apm-node/start': 'elastic-apm',
  newrelic: 'newrelic',
};
const OPERATOR_ANNOTATION = /^instrumentation\.opentelemetry\.io\/inject-(nodejs|sdk)$/;
const TRACING_ENV = /^(OTEL_EXPORTER_OTLP(_TRACES)?_ENDPOINT|OTEL_TRACES_EXPORTER|DD_AGENT_HOST|DD_TRACE_AGENT_URL|ELASTIC_APM_SERVER_URL|NEW_RELIC_LICENSE_KEY)$/;
/** Which answer wins when several show: code first, then how the runtime starts, then the platform. */
const PRIORITY: TracingHow[] = ['otel-sdk', 'dd-trace', 'elastic-apm', 'newrelic', 'sentry', 'otel-preload', 'otel-operator'];
const ENTRY_NAME = /^(index|main|server|app|start|instrumentation|tracing|otel)$/;
const PROXIES = new Set(['http-proxy-middleware', 'express-http-proxy']);

const stem = (file: string): string => path.posix.basename(file).replace(/\.[cm]?[jt]sx?$/, '');
const isLocal = (module: string): boolean => module.startsWith('.') || module.startsWith('/');

interface Preload {
  module: string;
  item: QualityEvidence;
}

/** Modules the service's runtime preloads: Dockerfile CMD/ENTRYPOINT, start scripts, `NODE_OPTIONS` in manifests and Dockerfile `ENV`. */
function preloadsOf(ctx: LinkerContext, service: ServiceReach): Preload[] {
  const dir = service.source.path ?? '';
  const dockerfiles = new Set(service.source.candidate.declarations.flatMap((d) => (d.dockerfile ? [d.dockerfile] : [])));
  const inService = (f: { file: string; dir: string }): boolean => dockerfiles.has(f.file) || f.dir === dir || (dir !== '' && dir !== '.' ? f.dir.startsWith(`${dir}/`) : true);
  const out: Preload[] = [];
  for (const f of factsOf(ctx.facts, 'runtime-preload')) {
    if (inService(f)) out.push({ module: f.module, item: evidence(`preloads ${f.module} (${f.flag} in ${f.via})`, f) });
  }
  for (const f of factsOf(ctx.facts, 'dockerfile')) {
    if (inService(f)) {
      for (const e of f.env.filter((v) => v.name === 'NODE_OPTIONS')) {
        for (const p of preloadedModules(e.value.split(/\s+/))) out.push({ module: p.module, item: { what: `preloads ${p.module} (NODE_OPTIONS)`, library: 'dockerfile', location: { file: f.file, line: e.line } } });
      }
    }
  }
  for (const e of service.env.get('NODE_OPTIONS') ?? []) {
    for (const p of preloadedModules((e.value ?? '').split(/\s+/))) out.push({ module: p.module, item: evidence(`preloads ${p.module} (NODE_OPTIONS)`, e) });
  }
  return out;
}

/** Why a file with tracing setup runs: preloaded, imported (first or later), or named like an entry point; null when nothing loads it. */
function loadedBy(file: string, ctx: LinkerContext, service: ServiceReach, preloads: readonly Preload[]): QualityEvidence | null {
  const preload = preloads.find((p) => isLocal(p.module) && stem(p.module) === stem(file));
  if (preload) return preload.item;
  const resolver = ctx.graph.resolver;
  const files = new Set(service.files);
  for (const f of factsOf(ctx.facts, 'side-effect-import')) {
    if (files.has(f.file) && resolver.resolve(f.file, f.module) === file) {
      return evidence(f.first ? `loaded first by ${f.file}` : `loaded by ${f.file} after other imports (modules imported before it are not instrumented)`, f);
    }
  }
  const importer = factsOf(ctx.facts, 'code-file').find((f) => files.has(f.file) && f.imports.some((i) => resolver.resolve(f.file, i) === file));
  if (importer) return { what: `imported by ${importer.file}`, library: 'code', location: { file: importer.file } };
  return ENTRY_NAME.test(stem(file)) ? { what: `${path.posix.basename(file)} is an entry point`, library: 'code', location: { file } } : null;
}

/**
 * Outbound calls of the service (by `LinkedCall.id`) that carry no trace context. With manual
 * propagation, a call made by an endpoint is traced when that endpoint's handling injects the
 * context; a call no endpoint makes, when start-up or consumer code does.
 */
function untraced(ctx: LinkerContext, service: ServiceReach, propagation: ServiceTracing['propagation']): string[] {
  if (propagation === 'auto' || propagation === 'unknown') return [];
  const id = service.source.id;
  const injects = (reached: ServiceReach['background']): boolean => reached.some((r) => r.fact.kind === 'tracing' && r.fact.what === 'inject');
  const endpoints = ctx.links.endpoints.filter((e) => e.service === id && !PROXIES.has(e.library));
  const injecting = new Set(propagation === 'manual' ? service.endpoints.filter((e) => injects(e.reached)).map((e) => e.key) : []);
  const out = new Set<string>();
  const byEndpoint = new Set<string>();
  for (const e of endpoints) {
    for (const c of e.calls) {
      byEndpoint.add(c.call);
      if (!injecting.has(e.key)) out.add(c.call);
    }
  }
  const key = (r: ServiceReach['background'][number]): string => `${r.fact.file}:${r.fact.line}:${r.fact.kind}`;
  const fromEndpoints = new Set(service.endpoints.flatMap((e) => e.reached.map(key)));
  const backgroundTraced = propagation === 'manual' && injects(service.background.filter((r) => !fromEndpoints.has(key(r))));
  for (const c of ctx.links.backgroundCalls) if (c.call.startsWith(`${id}|`) && !byEndpoint.has(c.call) && !backgroundTraced) out.add(c.call);
  return [...out].sort();
}

/** How a service produces traces and propagates context: code, preloads, the OpenTelemetry operator, or only the API. */
export function serviceTracing(ctx: LinkerContext, service: ServiceReach, facts: readonly FactOf<'tracing'>[]): ServiceTracing {
  const preloads = preloadsOf(ctx, service);
  const setup: QualityEvidence[] = [];
  const hows: TracingHow[] = [];
  let auto = false;
  const setupFacts = facts.filter((f) => f.what === 'sdk' || f.what === 'start' || f.what === 'instrumentation');
  for (const file of [...new Set(setupFacts.map((f) => f.file))].sort()) {
    const loaded = loadedBy(file, ctx, service, preloads);
    for (const f of setupFacts.filter((x) => x.file === file)) {
      setup.push(evidence(`${f.what === 'sdk' ? `SDK created${f.auto ? ' with instrumentations' : ''}` : f.what === 'start' ? 'tracing started' : 'instrumentations registered'}${loaded ? '' : ' (nothing imports or preloads this file)'}`, f));
      if (!loaded) continue;
      if (f.what === 'start') hows.push(HOW_BY_LIBRARY[f.library] ?? 'otel-sdk');
      if (f.what === 'instrumentation' || f.auto) auto = true;
    }
    if (loaded) setup.push(loaded);
  }
  for (const p of preloads) {
    const how = PRELOAD_HOW[p.module];
    if (!how) continue;
    setup.push(p.item);
    hows.push(how);
    auto = true;
  }
  for (const d of service.source.candidate.declarations) {
    for (const [key, value] of Object.entries({ ...d.annotations, ...d.podAnnotations })) {
      if (!OPERATOR_ANNOTATION.test(key) || value === 'false') continue;
      setup.push(evidence(`${key}: ${value}`, d));
      hows.push('otel-operator');
      auto = true;
    }
  }
  for (const [name, values] of service.env) if (TRACING_ENV.test(name)) for (const v of values) setup.push(evidence(`${name} is set`, v));
  const spans = sortEvidence(facts.filter((f) => f.what === 'tracer' || f.what === 'span' || f.what === 'inject' || f.what === 'extract').map((f) => evidence(f.what === 'tracer' ? 'tracer obtained' : f.what === 'span' ? 'span started' : `trace context ${f.what}ed by hand`, f)));
  const how: TracingHow = PRIORITY.find((h) => hows.includes(h)) ?? (spans.length ? 'otel-api' : 'none');
  const injects = facts.some((f) => f.what === 'inject');
  const propagation: ServiceTracing['propagation'] = auto ? 'auto' : injects ? 'manual' : how === 'otel-api' ? 'unknown' : 'none';
  return { how, auto, setup: sortEvidence(setup), spans, propagation, untracedCalls: untraced(ctx, service, propagation) };
}

export function isTracing(f: Fact): f is FactOf<'tracing'> {
  return f.kind === 'tracing';
}
