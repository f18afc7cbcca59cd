import { z } from 'zod';
import { defineRule, type Location } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';
import { workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'no-api-gateway',
    title: 'Several services exposed directly, without a gateway',
    category: 'security',
    defaultSeverity: 'warn',
    rationale:
      'When clients reach several services directly, each one has to do authentication, rate limiting, TLS and request logging on its own, and the internal service layout becomes the public API: renaming or splitting a service breaks clients. A single entry point keeps those concerns in one place and the inside free to change.',
    fix: 'Put the services behind one entry point (an API gateway or an Ingress) and keep them on internal addresses (ClusterIP Services, no published ports outside development).',
    options: z.strictObject({ minExposed: z.number().int().min(2).default(2).describe('Directly exposed services that make the finding.') }),
    messages: { exposed: '{{count}} services are reachable from outside directly: {{services}}' },
  },
  check(ctx) {
    const exposed: { id: string; name: string; locations: Location[] }[] = [];
    for (const service of workloads(ctx.graph)) {
      if (service.kind === 'gateway') continue;
      const kubernetes = service.deploy.platforms.includes('kubernetes');
      const direct = service.deploy.exposure.filter((e) => (kubernetes ? e.via === 'load-balancer' || e.via === 'node-port' : e.via === 'published-port'));
      if (direct.length) exposed.push({ id: service.id, name: service.name, locations: direct.flatMap((e) => (e.location ? [e.location] : [])) });
    }
    if (exposed.length < ctx.options.minExposed) return;
    ctx.report({
      messageId: 'exposed',
      data: { count: exposed.length, services: exposed.map((e) => e.name).join(', ') },
      subjects: exposed.map((e) => e.id),
      locations: exposed.flatMap((e) => e.locations).sort(byLocation),
      evidence: exposed.map((e) => e.id).join(','),
    });
  },
});
