import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { at, kubernetesWorkloads, workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'single-replica',
    title: 'Service runs as a single replica',
    category: 'deployment',
    defaultSeverity: 'info',
    rationale:
      'One replica means every deployment, node drain or crash is an outage of the service and of every request that depends on it. It may be acceptable for internal or batch work; for anything on a request path it removes the redundancy a distributed system relies on.',
    fix: 'Run at least two replicas (or an autoscaler with `minReplicas: 2`) spread over nodes with a PodDisruptionBudget, once the service is stateless enough to allow it.',
    options: z.strictObject({}),
    messages: {
      single: '{{service}} runs a single replica on Kubernetes',
      scalesToOne: '{{service}} scales down to a single replica on Kubernetes (its autoscaler\'s minReplicas is {{min}})',
    },
  },
  check(ctx) {
    for (const service of workloads(ctx.graph)) {
      if (service.thirdParty) continue;
      const declared = kubernetesWorkloads(service, ctx.facts);
      // An autoscaler owns the replica count once it exists: its minimum is what runs at quiet times.
      const autoscale = service.deploy.autoscale;
      if (!declared.length || (autoscale ? autoscale.min : service.deploy.replicas) !== 1) continue;
      ctx.report({
        messageId: autoscale ? 'scalesToOne' : 'single',
        data: { service: service.name, min: autoscale?.min ?? 1 },
        subjects: [service.id],
        locations: [at(declared[0]!)],
        evidence: `${service.name} replicas`,
      });
    }
  },
});
