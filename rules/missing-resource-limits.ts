import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { at, factsOf, kubernetesWorkloads, workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'missing-resource-limits',
    title: 'Kubernetes container without resource limits',
    category: 'deployment',
    defaultSeverity: 'warn',
    rationale:
      'A container without CPU and memory limits can take what its node has: one leak or traffic spike starves every other pod on the node, and the scheduler cannot plan capacity. Requests without limits leave the same door open.',
    fix: 'Set `resources.limits` (memory at least, CPU where throttling is acceptable) and `resources.requests` for every container, from measured usage plus headroom; revisit them when the service\'s load changes.',
    options: z.strictObject({}),
    messages: { missing: '{{service}} has a container ({{container}}) without CPU or memory limits' },
  },
  check(ctx) {
    const resources = factsOf(ctx.facts, 'resources');
    for (const service of workloads(ctx.graph)) {
      if (service.thirdParty) continue;
      const declared = kubernetesWorkloads(service, ctx.facts);
      if (!declared.length) continue;
      const files = new Set(declared.map((d) => d.file));
      const missing = resources.filter((r) => files.has(r.file) && r.service === declared[0]!.name && !r.limits.cpu && !r.limits.memory);
      if (!missing.length) continue;
      const first = missing[0]!;
      ctx.report({
        messageId: 'missing',
        data: { service: service.name, container: first.container },
        subjects: [service.id],
        locations: missing.map(at),
        evidence: `${service.name} limits ${missing.map((m) => m.container).join(',')}`,
      });
    }
  },
});
