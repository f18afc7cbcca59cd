/**
 * What the report knows about production checklist items: their order in the table,
 * how much a failure matters, the typical size of the fix and what to do. Items the
 * Report holds that are not listed here are shown after these, in name order.
 */
export interface ChecklistItemInfo {
  impact: 'high' | 'medium' | 'low';
  effort: 'small' | 'medium' | 'large';
  action: string;
}

const ITEMS: [string, ChecklistItemInfo][] = Object.entries({
  'health checks': { impact: 'high', effort: 'small', action: 'Declare health checks (Kubernetes probes or a compose healthcheck)' },
  'health endpoint': { impact: 'high', effort: 'small', action: 'Serve a readiness endpoint that checks the service\'s own dependencies, and a cheap liveness endpoint' },
  probes: { impact: 'medium', effort: 'small', action: 'Declare the missing liveness, readiness or startup probes' },
  timeouts: { impact: 'high', effort: 'small', action: 'Set a timeout on every outgoing call' },
  'circuit breakers': { impact: 'high', effort: 'medium', action: 'Wrap calls to other services in a circuit breaker' },
  tracing: { impact: 'medium', effort: 'medium', action: 'Start OpenTelemetry tracing and propagate the trace context' },
  'structured logs': { impact: 'low', effort: 'small', action: 'Log structured JSON with a request or trace id' },
  'behind a gateway': { impact: 'medium', effort: 'medium', action: 'Route outside traffic through the gateway or ingress instead of publishing ports' },
  'rate limiting': { impact: 'medium', effort: 'medium', action: 'Rate-limit public endpoints at the gateway' },
  'secrets handling': { impact: 'high', effort: 'small', action: 'Move secret values out of the manifests into secret references' },
  'resource limits': { impact: 'medium', effort: 'small', action: 'Set CPU and memory requests and limits' },
  redundancy: { impact: 'medium', effort: 'small', action: 'Run at least two replicas, or autoscale with a minimum of two' },
} satisfies Record<string, ChecklistItemInfo>);

const INFO = new Map(ITEMS);

/** What the report knows about an item (a Map lookup: item names come from the Report and are untrusted). */
export function checklistItemInfo(item: string): ChecklistItemInfo | undefined {
  return INFO.get(item);
}

/** The items the production checklist covers, in table order. */
export const CHECKLIST_ORDER = ITEMS.map(([item]) => item);

export function checklistColumns(items: Iterable<string>): string[] {
  const present = new Set(items);
  const known = CHECKLIST_ORDER.filter((i) => present.has(i));
  const extra = [...present].filter((i) => !INFO.has(i)).sort();
  return [...known, ...extra];
}
