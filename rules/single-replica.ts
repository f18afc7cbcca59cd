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
    messages: { single: '{{service}} runs a single replica on Kubernetes' },
  },
  check(ctx) {
    for (const service of workloads(ctx.graph)) {
      if (service.thirdParty) continue;
      const declared = kubernetesWorkloads(service, ctx.facts);
      if (!declared.length || service.deploy.replicas !== 1 || (service.deploy.autoscale?.min ?? 1) >= 2) continue;
      ctx.report({ messageId: 'single', data: { service: service.name }, subjects: [service.id], locations: [at(declared[0]!)], evidence: `${service.name} replicas` });
    }
  },
});
