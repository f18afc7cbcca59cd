import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { at, kubernetesWorkloads, workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'missing-probes',
    title: 'Kubernetes workload without liveness or readiness probes',
    category: 'deployment',
    defaultSeverity: 'warn',
    rationale:
      'Without a readiness probe, Kubernetes sends traffic to a pod as soon as its process starts and keeps sending it while the pod cannot serve (warming up, lost its database); without a liveness probe, a hung process stays in rotation forever. Rolling deployments then replace healthy pods with broken ones without noticing.',
    fix: 'Add a readiness probe on an endpoint that checks what the service needs to serve (its database, its broker), and a liveness probe on a cheap endpoint that only says the process is alive. Most services already have such endpoints; point the probes at them.',
    options: z.strictObject({}),
    messages: { none: '{{service}} runs on Kubernetes without liveness or readiness probes' },
  },
  check(ctx) {
    for (const service of workloads(ctx.graph)) {
      if (service.thirdParty) continue;
      const declared = kubernetesWorkloads(service, ctx.facts);
      if (!declared.length) continue;
      if (service.deploy.probes.includes('liveness') || service.deploy.probes.includes('readiness')) continue;
      const workload = declared[0]!;
      const container = workload.containers?.find((c) => c.name === workload.name) ?? workload.containers?.[0];
      ctx.report({
        messageId: 'none',
        data: { service: service.name },
        subjects: [service.id],
        locations: [container?.line ? { file: workload.file, line: container.line } : at(workload)],
        evidence: `${service.name} probes`,
      });
    }
  },
});
