import type { Recommendation } from './report.js';

/**
 * The items of the production checklist archreview knows: in table order, how much a failure
 * matters, the usual size of the fix and what to do. One table for the scorecard's
 * recommendations and the report's checklist.
 */
export interface ChecklistItemInfo {
  impact: Recommendation['impact'];
  effort: Recommendation['effort'];
  action: string;
}

export const CHECKLIST_ITEMS: readonly [string, ChecklistItemInfo][] = Object.entries({
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
