import { z } from 'zod';
import { defineRule, type LinkedCall } from '../analyzer/types/index.js';
import { isWorkload } from './support/code.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Words of a path that takes an earlier step back: `/reservations/:id/release`, `/payments/:id/refunds`. */
const UNDO = /(^|[^a-z])(cancel|release|refund|void|revert|roll-?back|undo|compensat|revers|unreserve|restock|restore)/i;

/** A call that undoes a change: a DELETE, or a path that names an undo. Its literal parts only (not variables or ids). */
function undoes(call: LinkedCall): boolean {
  return call.method === 'DELETE' || UNDO.test(call.url.flatMap((p) => ('lit' in p ? [p.lit] : [])).join(''));
}

export default defineRule({
  meta: {
    id: 'distributed-transaction',
    title: 'Request writes in several services without compensation',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'When one request writes its own data and then changes state in two or more other services, there is no transaction around the whole: if the second remote call fails, the first one has already happened and the local write is committed. Without a compensating step for each earlier change, every partial failure leaves the services disagreeing (stock held for an order that was never paid) until someone repairs it by hand.',
    fix: 'Make the sequence a saga: orchestrate the steps in one place and give every step that can be followed by a failure a compensating action (refund, release, cancel) that runs when a later step fails, or chain the steps through events with an outbox so each service completes or compensates its own part.',
    options: z.strictObject({ minRemoteWrites: z.number().int().min(2).default(2).describe('Services changed by one request that make it a distributed transaction.') }),
    messages: {
      uncompensated: '{{endpoint}} of {{service}} writes its own data and changes state in {{count}} services ({{targets}}) with no compensating call for the earlier steps',
    },
  },
  check(ctx) {
    const calls = new Map(ctx.links.calls.map((c) => [c.id, c]));
    const writing = new Map((ctx.links.dataAccess?.endpoints ?? []).map((e) => [`${e.service} ${e.endpoint}`, e.writesData]));
    for (const endpoint of ctx.links.endpoints) {
      if (!writing.get(`${endpoint.service} ${endpoint.key}`)) continue;
      // Per service changed: whether one of its calls undoes (a DELETE, a release, a refund).
      const undo = new Map<string, boolean>();
      for (const path of endpoint.calls) {
        const call = calls.get(path.call);
        if (!call || !isWorkload(ctx.graph, call.target) || !MUTATING.has(call.method ?? '')) continue;
        undo.set(call.target, (undo.get(call.target) ?? false) || undoes(call));
      }
      if (undo.size < ctx.options.minRemoteWrites) continue;
      // A saga compensates every step but the last: all but one service changed has an undoing call.
      const compensated = [...undo.values()].filter(Boolean).length >= undo.size - 1;
      if (compensated) continue;
      const targets = [...undo.keys()].sort();
      ctx.report({
        messageId: 'uncompensated',
        data: { endpoint: endpoint.key, service: ctx.name(endpoint.service), count: targets.length, targets: targets.map(ctx.name).join(', ') },
        subjects: [endpoint.service, ...targets],
        locations: [endpoint.location],
        evidence: `${endpoint.service} ${endpoint.key} -> ${targets.join(',')}`,
      });
    }
  },
});
