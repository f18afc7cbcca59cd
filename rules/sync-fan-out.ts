import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { isSyncTarget, isWorkload } from './support/code.js';

export default defineRule({
  meta: {
    id: 'sync-fan-out',
    title: 'One request fans out to many services synchronously',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'A request that waits on several services at once is only as available as all of them together: with four dependencies at 99.9% each, the request fails about 0.4% of the time even when every service meets its target, and its latency is the slowest of the four. Such an endpoint also couples the release and capacity planning of every service behind it.',
    fix: 'Degrade instead of failing (a breaker with a fallback per section), cache or precompute the aggregate, or build the view from events into a read model the endpoint can serve alone. If the endpoint must fan out, make every call parallel, time-boxed and optional.',
    options: z.strictObject({
      threshold: z.number().int().min(2).default(4).describe('Distinct services one request calls that count as fan-out.'),
      includeExternal: z.boolean().default(false).describe('Count third-party systems too.'),
    }),
    messages: { fanOut: '{{endpoint}} of {{service}} calls {{count}} services synchronously: {{targets}}' },
  },
  check(ctx) {
    const calls = new Map(ctx.links.calls.map((c) => [c.id, c]));
    for (const endpoint of ctx.links.endpoints) {
      const targets = new Set<string>();
      for (const path of endpoint.calls) {
        const target = calls.get(path.call)?.target ?? null;
        if (ctx.options.includeExternal ? isSyncTarget(ctx.graph, target) : isWorkload(ctx.graph, target)) targets.add(target!);
      }
      if (targets.size < ctx.options.threshold) continue;
      const sorted = [...targets].sort();
      ctx.report({
        messageId: 'fanOut',
        data: { endpoint: endpoint.key, service: ctx.name(endpoint.service), count: sorted.length, targets: sorted.map(ctx.name).join(', ') },
        subjects: [endpoint.service, ...sorted],
        locations: [endpoint.location],
        evidence: `${endpoint.key} -> ${sorted.join(',')}`,
      });
    }
  },
});
