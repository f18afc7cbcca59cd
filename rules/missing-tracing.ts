import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';

export default defineRule({
  meta: {
    id: 'missing-tracing',
    title: 'Service without distributed tracing',
    category: 'observability',
    defaultSeverity: 'warn',
    rationale:
      'In a distributed system one user request crosses several services; when it is slow or fails, only a trace shows where the time went and which hop broke. A service that neither starts tracing nor continues the trace context it receives cuts every trace that passes through it in two, so the failure analysis stops at its door.',
    fix: 'Start OpenTelemetry in the service (the Node SDK with auto-instrumentations, loaded before the app with `--import`, or the OpenTelemetry operator\'s injection annotation on Kubernetes) and export to the collector the other services use; add spans around the work that matters.',
    options: z.strictObject({}),
    messages: { none: '{{service}} starts no tracing and does not pass the trace context on' },
  },
  check(ctx) {
    for (const service of ctx.links.quality?.services ?? []) {
      if (service.tracing.how !== 'none') continue;
      if (!ctx.graph.hasNode(service.service)) continue;
      const node = ctx.graph.getNodeAttributes(service.service);
      if (node.kind !== 'service' && node.kind !== 'gateway') continue;
      ctx.report({ messageId: 'none', data: { service: node.service.name }, subjects: [service.service], locations: node.service.declaredIn.slice(0, 1), evidence: `${service.service} tracing` });
    }
  },
});
