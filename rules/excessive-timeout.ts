import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { callEvidence, callUses, duration } from './support/code.js';

export default defineRule({
  meta: {
    id: 'excessive-timeout',
    title: 'Synchronous call with a timeout above a few seconds',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'A timeout only protects the caller if it is shorter than the caller\'s own budget. A 10-second timeout on a call made while serving a user request means the user has given up long before the call does, and meanwhile the caller keeps the work, the connection and the retry storm alive. Long deadlines hide a slow dependency instead of isolating it.',
    fix: 'Bring the timeout down to a little above the callee\'s normal worst latency (a few hundred milliseconds to 3 s). If the work really takes longer, make it asynchronous: accept it, hand it to a queue, and let the client poll or be notified.',
    options: z.strictObject({ maxMs: z.number().int().positive().default(3000).describe('Timeouts above this many milliseconds are excessive.') }),
    messages: {
      excessive: '{{service}} waits up to {{timeout}} for {{target}} ({{library}} {{method}}); above the {{max}} budget of a synchronous call',
      breaker: '{{service}} waits up to {{timeout}} for {{target}} ({{library}} {{method}}), the timeout of its {{breaker}} circuit breaker; above the {{max}} budget of a synchronous call',
    },
  },
  check(ctx) {
    for (const { call, paths } of callUses(ctx.links)) {
      // How long the caller waits on each path: the tightest of the call's own timeout, a breaker's
      // and a timeout policy's. Library defaults are missing-timeout's business, not a chosen deadline.
      const waits = (paths.length ? paths.map((p) => p.path.timeout) : [call.timeout]).filter((t) => t.ms !== null && t.from !== 'library-default');
      const worst = waits.reduce<(typeof waits)[number] | null>((a, t) => (a === null || (t.ms ?? 0) > (a.ms ?? 0) ? t : a), null);
      if (!worst || worst.ms === null || worst.ms <= ctx.options.maxMs) continue;
      const breaker = worst.from === 'breaker' ? paths.find((p) => p.path.timeout === worst)?.path.breaker?.library : undefined;
      ctx.report({
        messageId: breaker ? 'breaker' : 'excessive',
        data: { service: ctx.name(call.service), target: call.target ? ctx.name(call.target) : 'an unresolved address', timeout: duration(worst.ms), library: call.library, method: call.method ?? 'request', max: duration(ctx.options.maxMs), breaker: breaker ?? '' },
        subjects: call.target ? [call.service, call.target] : [call.service],
        locations: [call.location],
        evidence: `${callEvidence(call)} timeout ${worst.ms}`,
      });
    }
  },
});
