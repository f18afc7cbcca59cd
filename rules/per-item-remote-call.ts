import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { callEvidence, callUses, isProxy } from './support/code.js';

export default defineRule({
  meta: {
    id: 'per-item-remote-call',
    title: 'Remote call once per item in a loop',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'Calling another service once per item (N+1 over the network) makes a request\'s latency and the callee\'s load grow with the size of the data: a cart of 30 lines is 30 round trips, and one slow item stalls them all. It also shows a boundary drawn in the wrong place: the caller needs a set of things the callee only offers one at a time.',
    fix: 'Ask for the whole set in one call: a batch endpoint (`GET /products?sku=a,b,c`, a bulk gRPC method), or keep a local read model of the data the caller needs, updated from the owner\'s events.',
    options: z.strictObject({}),
    messages: { loop: '{{service}} calls {{target}} once per item inside a loop ({{library}} {{method}})' },
  },
  check(ctx) {
    for (const { call, paths } of callUses(ctx.links)) {
      if (isProxy(call) || !paths.some((p) => p.path.inLoop)) continue;
      ctx.report({
        messageId: 'loop',
        data: { service: ctx.name(call.service), target: call.target ? ctx.name(call.target) : 'an unresolved address', library: call.library, method: call.method ?? 'request' },
        subjects: call.target ? [call.service, call.target] : [call.service],
        locations: [call.location],
        evidence: `${callEvidence(call)} loop`,
      });
    }
  },
});
