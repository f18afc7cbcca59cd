import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { callEvidence, callUses } from './support/code.js';

export default defineRule({
  meta: {
    id: 'retry-without-backoff',
    title: 'Retries without backoff',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'Retrying at once, or after a fixed pause, multiplies the load on a dependency exactly when it is struggling: every caller that failed comes back together, again and again, and a brief overload becomes a long one (a retry storm). Backoff spreads the retries out and gives the callee time to recover.',
    fix: 'Wait longer after each failed attempt, exponentially, with random jitter, and cap the attempts: p-retry or async-retry, cockatiel `retry(handleAll, { backoff: new ExponentialBackoff() })`, axios-retry with `exponentialDelay`. Retry only errors that can succeed on a second try (timeouts, 503), never 4xx, and not while a breaker is open.',
    options: z.strictObject({}),
    messages: {
      immediate: '{{service}} retries its call to {{target}} {{attempts}} without waiting longer between attempts',
    },
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const { call, paths } of callUses(ctx.links)) {
      const retries = [call.retry, ...paths.map((p) => p.path.retry)].filter((r): r is NonNullable<typeof r> => r !== null);
      const bad = retries.find((r) => !r.backoff);
      if (!bad || seen.has(call.id)) continue;
      seen.add(call.id);
      ctx.report({
        messageId: 'immediate',
        data: { service: ctx.name(call.service), target: call.target ? ctx.name(call.target) : 'an unresolved address', attempts: bad.attempts ? `up to ${bad.attempts} times` : 'repeatedly' },
        subjects: call.target ? [call.service, call.target] : [call.service],
        locations: [call.location],
        evidence: `${callEvidence(call)} retry`,
      });
    }
  },
});
