import { z } from 'zod';
import { defineRule, symText } from '../analyzer/types/index.js';
import { callEvidence, callUses, duration, isProxy } from './support/code.js';

export default defineRule({
  meta: {
    id: 'missing-timeout',
    title: 'Outbound call without a timeout',
    category: 'resilience',
    defaultSeverity: 'error',
    rationale:
      'A remote call without a deadline waits as long as the socket allows, often minutes. When the callee slows down, every request that reaches this call piles up behind it, holding connections, memory and threads, until the caller is as unavailable as the callee. One missing timeout turns a partial outage into a cascading one.',
    fix: 'Give every outbound call a timeout a little above the callee\'s normal worst latency (hundreds of milliseconds to a few seconds): the client\'s `timeout` option, `AbortSignal.timeout(ms)` for fetch, a deadline for gRPC. Set it once on a shared client instance so new calls inherit it.',
    options: z.strictObject({
      maxLibraryDefaultMs: z.number().int().positive().default(3000).describe('A library\'s built-in default counts as a timeout only when it is at most this long.'),
    }),
    messages: {
      none: '{{service}} calls {{target}} without a timeout ({{library}} {{method}} {{url}})',
      libraryDefault: '{{service}} calls {{target}} with only the {{library}} default timeout of {{timeout}} ({{method}} {{url}})',
    },
  },
  check(ctx) {
    for (const { call } of callUses(ctx.links)) {
      if (isProxy(call)) continue;
      const { timeout } = call;
      const none = timeout.from === 'none' || (timeout.from === 'unknown' && timeout.ms === null);
      const tooLongDefault = timeout.from === 'library-default' && (timeout.ms === null || timeout.ms > ctx.options.maxLibraryDefaultMs);
      if (!none && !tooLongDefault) continue;
      const target = call.target ? ctx.name(call.target) : 'an unresolved address';
      ctx.report({
        messageId: none ? 'none' : 'libraryDefault',
        data: { service: ctx.name(call.service), target, library: call.library, method: call.method ?? 'request', url: symText(call.url), timeout: duration(timeout.ms ?? 0) },
        subjects: call.target ? [call.service, call.target] : [call.service],
        locations: [call.location],
        evidence: callEvidence(call),
      });
    }
  },
});
