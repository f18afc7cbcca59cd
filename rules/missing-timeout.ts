import { z } from 'zod';
import { defineRule, symText } from '../analyzer/types/index.js';
import { callEvidence, callUses, duration } from './support/code.js';

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
    for (const { call, paths } of callUses(ctx.links)) {
      // How long the caller waits on each path that reaches the call: the call's own timeout, or a
      // breaker or timeout policy around it. Proxy routes count too: a gateway forwarding without
      // `proxyTimeout` waits on a hung upstream as long as any call. A timeout whose value the code
      // computes (`timeout: config.usersTimeoutMs`) is still a timeout.
      const waits = paths.length ? paths.map((p) => p.path.timeout) : [call.timeout];
      const none = waits.some((t) => t.from === 'none');
      const longDefault = waits.find((t) => t.from === 'library-default' && (t.ms === null || t.ms > ctx.options.maxLibraryDefaultMs));
      if (!none && !longDefault) continue;
      const target = call.target ? ctx.name(call.target) : 'an unresolved address';
      ctx.report({
        messageId: none ? 'none' : 'libraryDefault',
        data: { service: ctx.name(call.service), target, library: call.library, method: call.method ?? 'request', url: symText(call.url), timeout: duration(longDefault?.ms ?? 0) },
        subjects: call.target ? [call.service, call.target] : [call.service],
        locations: [call.location],
        evidence: callEvidence(call),
      });
    }
  },
});
