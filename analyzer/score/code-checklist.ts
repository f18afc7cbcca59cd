import type { CodeLinks, LinkedCall, Location, Score, ServiceGraph } from '../types/index.js';
import type { QualityEvidence, ServiceQuality } from '../types/quality-links.js';

type Row = Score['checklist'][number];

/** Reverse proxies forward a request within their own timeout; they need no breaker and carry the caller's trace headers. */
const PROXIES = new Set(['http-proxy-middleware', 'express-http-proxy']);
const MAX_LISTED = 3;

const at = (l: Location): string => `${l.file}${l.line ? `:${l.line}` : ''}`;

/** `a, b, c and 2 more`. */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

const places = (items: readonly QualityEvidence[]): string => listed(items.map((e) => at(e.location)));

function tracingRow(q: ServiceQuality): Pick<Row, 'status' | 'evidence'> {
  const t = q.tracing;
  const setup = t.setup.filter((e) => !/ is set$/.test(e.what));
  switch (t.how) {
    case 'none': {
      const unloaded = t.setup.filter((e) => e.what.includes('nothing imports or preloads'));
      return { status: 'fail', evidence: `no tracing set up in code, start command or manifests${unloaded.length ? `; ${places(unloaded)} sets it up, but nothing imports or preloads that file` : ''}` };
    }
    case 'otel-api':
      return { status: 'unknown', evidence: `spans through @opentelemetry/api (${places(t.spans)}), but no SDK is started in code, start command or manifests; they are no-ops unless the platform injects one` };
    default:
      return { status: 'pass', evidence: `${t.how}${t.auto ? ' with automatic instrumentation' : ', no automatic instrumentation'}: ${listed(setup.map((e) => `${e.what} (${at(e.location)})`))}` };
  }
}

function loggingRow(q: ServiceQuality): Pick<Row, 'status' | 'evidence'> {
  const l = q.logging;
  const loggers = [...new Set(l.loggers.filter((x) => x.structured !== false).map((x) => x.library))].join(', ');
  const text = [...l.console.map((e) => `${e.what} at ${at(e.location)}`), ...l.loggers.filter((x) => x.structured === false).map((x) => `${x.what} at ${at(x.location)}`)];
  switch (l.verdict) {
    case 'structured':
      return { status: 'pass', evidence: `${loggers} (${places(l.loggers)})` };
    case 'mixed':
      return { status: 'fail', evidence: `${loggers}, but also text output: ${listed(text)}` };
    case 'unstructured':
      return { status: 'fail', evidence: `text output only: ${listed(text)}` };
    default:
      return { status: 'unknown', evidence: 'no logger and no console output in the code' };
  }
}

function healthRow(q: ServiceQuality): Pick<Row, 'status' | 'evidence'> {
  const found = [...q.health.endpoints.map((e) => `${e.key} (${at(e.location)})`), ...q.health.libraries.map((e) => `${e.library} ${e.what} (${at(e.location)})`)];
  return found.length ? { status: 'pass', evidence: listed(found) } : { status: 'fail', evidence: 'no health, readiness or liveness endpoint in the code' };
}

/** Per call: protected by a breaker on every path that reaches it, and that breaker's timeout. */
function breakersByCall(links: CodeLinks): Map<string, { breaker: boolean; timeoutMs: number | null }> {
  const out = new Map<string, { breaker: boolean; timeoutMs: number | null }>();
  for (const p of [...links.endpoints.flatMap((e) => e.calls), ...links.backgroundCalls]) {
    const seen = out.get(p.call);
    const breaker = !!p.breaker && (seen?.breaker ?? true);
    out.set(p.call, { breaker, timeoutMs: breaker ? (p.breaker?.timeoutMs ?? null) : null });
  }
  return out;
}

const describe = (c: LinkedCall): string => `${at(c.location)} → ${c.target ?? 'unresolved'}`;

function timeoutRow(calls: readonly LinkedCall[], breakers: Map<string, { breaker: boolean; timeoutMs: number | null }>): Pick<Row, 'status' | 'evidence'> {
  if (!calls.length) return { status: 'pass', evidence: 'makes no outbound HTTP or gRPC calls' };
  const open = calls.filter((c) => c.timeout.ms === null && breakers.get(c.id)?.timeoutMs == null);
  return open.length ? { status: 'fail', evidence: `${open.length} of ${calls.length} outbound calls without a timeout: ${listed(open.map(describe))}` } : { status: 'pass', evidence: `all ${calls.length} outbound calls have a timeout` };
}

function breakerRow(calls: readonly LinkedCall[], breakers: Map<string, { breaker: boolean; timeoutMs: number | null }>): Pick<Row, 'status' | 'evidence'> {
  const remote = calls.filter((c) => c.target !== null && !c.target.startsWith('datastore:') && !PROXIES.has(c.library));
  if (!remote.length) return { status: 'pass', evidence: 'makes no synchronous calls to other services (proxied routes forward within their own timeout)' };
  const open = remote.filter((c) => !breakers.get(c.id)?.breaker);
  return open.length
    ? { status: 'fail', evidence: `${open.length} of ${remote.length} calls to other services without a circuit breaker: ${listed(open.map(describe))}` }
    : { status: 'pass', evidence: `all ${remote.length} calls to other services go through a circuit breaker` };
}

/** Own limiters, else a rate-limited proxy in front (a gateway service whose proxy routes reach this one). */
function rateLimitRow(id: string, q: ServiceQuality, links: CodeLinks, quality: Map<string, ServiceQuality>, exposed: boolean, name: (id: string) => string): Pick<Row, 'status' | 'evidence'> {
  if (q.rateLimits.length) return { status: 'pass', evidence: listed(q.rateLimits.map((e) => `${e.library} ${e.what.replace(/^rate limit /, '')} (${at(e.location)})`)) };
  const targets = new Map(links.calls.map((c) => [c.id, c.target]));
  const fronts = [...new Set(links.endpoints.filter((e) => PROXIES.has(e.library) && e.calls.some((c) => targets.get(c.call) === id)).map((e) => e.service))].sort();
  const limited = fronts.filter((f) => quality.get(f)?.rateLimits.length);
  if (limited.length) return { status: 'pass', evidence: `rate limited in front, at ${listed(limited.map((f) => `${name(f)} (${places(quality.get(f)!.rateLimits)})`))}` };
  if (fronts.length || exposed) return { status: 'fail', evidence: fronts.length ? `reached through ${listed(fronts.map(name))}, which rate-limits nothing` : 'exposed outside the system without a rate limiter' };
  return { status: 'unknown', evidence: 'no rate limiter in its code; not exposed outside the system' };
}

/**
 * The production checklist items the code answers: tracing, structured logs, health endpoint,
 * timeouts, circuit breakers and rate limiting. Services whose code was not analysed (other
 * languages, images only) get no rows here; their deploy rows still say what the manifests show.
 */
export function codeChecklist(graph: ServiceGraph, links: CodeLinks | undefined): Row[] {
  const quality = new Map((links?.quality?.services ?? []).map((s) => [s.service, s]));
  if (!links || !quality.size) return [];
  const breakers = breakersByCall(links);
  const name = (id: string): string => (graph.hasNode(id) ? (graph.getNodeAttributes(id) as { service?: { name: string } }).service?.name ?? id : id);
  const rows: Row[] = [];
  graph.forEachNode((id, attrs) => {
    if (attrs.kind !== 'service' || attrs.service.thirdParty) return;
    const q = quality.get(id);
    if (!q) return;
    const service = attrs.service.name;
    const calls = links.calls.filter((c) => c.service === id);
    const exposed = attrs.service.deploy.exposure.length > 0 || graph.inNeighbors(id).some((n) => graph.getNodeAttribute(n, 'kind') === 'gateway');
    const add = (item: string, row: Pick<Row, 'status' | 'evidence'>): void => void rows.push({ service, item, ...row });
    add('tracing', tracingRow(q));
    add('structured logs', loggingRow(q));
    add('health endpoint', healthRow(q));
    add('timeouts', timeoutRow(calls, breakers));
    add('circuit breakers', breakerRow(calls, breakers));
    add('rate limiting', rateLimitRow(id, q, links, quality, exposed, name));
  });
  return rows;
}
