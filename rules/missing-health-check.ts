import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { codeAnalysed, workloads } from './support/manifests.js';

const HEALTH_WORD = /^(health|healthz|healthcheck|health-check|_health|ready|readyz|readiness|live|livez|liveness|status|ping|heartbeat)$/i;
const PREFIX = /^(api|v\d+|internal|admin|management|actuator|_|system|ops|monitoring)$/i;

/** `/health`, `/api/v1/healthz`, `/actuator/health/readiness`; not `/orders/:id/status`, where the word is about a business object. */
function isHealthPath(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  const at = segments.findIndex((s) => HEALTH_WORD.test(s));
  return at >= 0 && segments.slice(0, at).every((s) => PREFIX.test(s));
}

export default defineRule({
  meta: {
    id: 'missing-health-check',
    title: 'Service without a health endpoint or health check',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'Orchestrators, load balancers and people on call all need to ask a service whether it can serve. Without a health endpoint or a declared check, a service that lost its database keeps receiving traffic and failing it, restarts never happen, and an outage is noticed by users first.',
    fix: 'Expose a readiness endpoint that checks the service\'s own dependencies (database, broker) and returns 503 with details when one is down, and a cheap liveness endpoint; declare them as probes or compose healthchecks.',
    options: z.strictObject({}),
    messages: { none: '{{service}} has no health endpoint and no health check in its manifests' },
  },
  check(ctx) {
    for (const service of workloads(ctx.graph)) {
      if (service.thirdParty || !codeAnalysed(service) || service.deploy.probes.length) continue;
      if (service.endpoints.some((e) => (e.method === 'GET' || e.method === 'ALL') && isHealthPath(e.path))) continue;
      ctx.report({ messageId: 'none', data: { service: service.name }, subjects: [service.id], locations: service.declaredIn.slice(0, 1), evidence: `${service.name} health` });
    }
  },
});
