import { z } from 'zod';
import { defineRule, SYNC_EDGE_KINDS } from '../analyzer/types/index.js';
import { callUses, isWorkload } from './support/code.js';

export default defineRule({
  meta: {
    id: 'undeclared-dependency',
    title: 'Code depends on a service its manifests do not wire',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'The manifests are where operators, reviewers and tools look for what a service needs. A call the manifests do not declare — an address read from a variable nobody sets, or a service reached without any configuration — works by accident in one environment and fails in the next, and it is invisible to anyone planning a change to the callee.',
    fix: 'Declare the dependency where the service is deployed: set the address variable in compose, the Kubernetes manifests and every other environment, and read the address from it.',
    options: z.strictObject({}),
    messages: {
      unset: '{{service}} reads {{variable}} for an address, but no manifest of {{service}} sets it',
      unwired: '{{service}} calls {{target}}, but no manifest of {{service}} gives it an address for {{target}}',
    },
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const { call } of callUses(ctx.links)) {
      if (call.undeclaredEnv) {
        const key = `${call.service}|${call.undeclaredEnv}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({ messageId: 'unset', data: { service: ctx.name(call.service), variable: call.undeclaredEnv }, subjects: [call.service], locations: [call.location], evidence: `${call.service} ${call.undeclaredEnv}` });
        continue;
      }
      if (!isWorkload(ctx.graph, call.target)) continue;
      const declared = ctx.graph.outEdges(call.service).some((id) => {
        const e = ctx.graph.getEdgeAttributes(id);
        return e.to === call.target && e.declared && (SYNC_EDGE_KINDS.has(e.kind) || e.kind === 'depends-on');
      });
      const key = `${call.service}|${call.target}`;
      if (declared || reported.has(key)) continue;
      reported.add(key);
      ctx.report({ messageId: 'unwired', data: { service: ctx.name(call.service), target: ctx.name(call.target) }, subjects: [call.service, call.target], locations: [call.location], evidence: key });
    }
  },
});
