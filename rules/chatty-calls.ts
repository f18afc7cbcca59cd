import { z } from 'zod';
import { defineRule, type Location } from '../analyzer/types/index.js';
import { byLocation, isSyncTarget } from './support/code.js';

export default defineRule({
  meta: {
    id: 'chatty-calls',
    title: 'Several calls to the same service in one request',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'When one request makes several separate calls to the same service, each adds a network round trip, a failure point and a chance to see inconsistent data between the calls. It usually means the callee\'s API is too fine-grained for how it is used, or that the two services split one concept between them.',
    fix: 'Offer one coarser operation that returns what the caller needs together (a view endpoint, a GraphQL query, a composite response), or move the data the caller keeps asking for to the caller, kept current from the owner\'s events.',
    options: z.strictObject({ threshold: z.number().int().min(2).default(3).describe('Distinct call sites to one service in one endpoint\'s handling that count as chatty.') }),
    messages: { chatty: '{{endpoint}} of {{service}} calls {{target}} {{count}} times in one request' },
  },
  check(ctx) {
    const calls = new Map(ctx.links.calls.map((c) => [c.id, c]));
    for (const endpoint of ctx.links.endpoints) {
      const byTarget = new Map<string, Location[]>();
      for (const path of endpoint.calls) {
        const call = calls.get(path.call);
        if (!call || !isSyncTarget(ctx.graph, call.target) || path.inLoop) continue;
        const sites = byTarget.get(call.target) ?? [];
        if (!sites.some((s) => s.file === call.location.file && s.line === call.location.line)) sites.push(call.location);
        byTarget.set(call.target, sites);
      }
      for (const [target, sites] of [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (sites.length < ctx.options.threshold) continue;
        ctx.report({
          messageId: 'chatty',
          data: { endpoint: endpoint.key, service: ctx.name(endpoint.service), target: ctx.name(target), count: sites.length },
          subjects: [endpoint.service, target],
          locations: sites.sort(byLocation),
          evidence: `${endpoint.key} -> ${target}`,
        });
      }
    }
  },
});
