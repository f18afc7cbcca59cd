import { z } from 'zod';
import { defineRule, SYNC_EDGE_KINDS } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';
import { codeAnalysed, workloads } from './support/manifests.js';

export default defineRule({
  meta: {
    id: 'unused-dependency',
    title: 'Manifests wire a dependency the code never uses',
    category: 'coupling',
    defaultSeverity: 'info',
    rationale:
      'An address the manifests pass to a service that its code never calls is dead configuration: it makes the service look coupled to something it is not, keeps the callee from being changed or retired with confidence, and often marks a call that was removed or moved elsewhere.',
    fix: 'Remove the variable (and any depends_on) from the service\'s manifests. If the code does call it in a way archreview cannot see (a client library it does not read yet), lower or turn off the rule in archreview.yaml: comments in manifests do not suppress findings yet.',
    options: z.strictObject({}),
    messages: { unused: '{{service}} is given an address for {{target}} ({{via}}) but its code never calls it' },
  },
  check(ctx) {
    for (const service of workloads(ctx.graph)) {
      if (!codeAnalysed(service)) continue;
      for (const id of ctx.graph.outEdges(service.id)) {
        const edge = ctx.graph.getEdgeAttributes(id);
        if (!SYNC_EDGE_KINDS.has(edge.kind) || !edge.declared || edge.observed) continue;
        const observedOtherKind = ctx.graph.outEdges(service.id).some((o) => {
          const e = ctx.graph.getEdgeAttributes(o);
          return e.to === edge.to && e.observed;
        });
        if (observedOtherKind) continue;
        const vars = edge.via.filter((v) => v !== 'depends_on' && v !== 'links');
        if (!vars.length) continue;
        ctx.report({
          messageId: 'unused',
          data: { service: service.name, target: ctx.name(edge.to), via: vars.join(', ') },
          subjects: [service.id, edge.to],
          locations: [...edge.locations].sort(byLocation),
          evidence: `${service.id} ${edge.to} ${vars.join(',')}`,
        });
      }
    }
  },
});
