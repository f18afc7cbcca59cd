import { z } from 'zod';
import { defineRule, type Location } from '../analyzer/types/index.js';
import { byLocation, callUses, isProxy, isSyncTarget } from './support/code.js';

export default defineRule({
  meta: {
    id: 'missing-circuit-breaker',
    title: 'Synchronous dependency without a circuit breaker',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'A timeout bounds one call; a circuit breaker bounds the damage of a dependency that keeps failing. Without one, every request still waits out the timeout against a callee that is down, retries pile onto it while it tries to recover, and the caller spends its capacity on calls that cannot succeed. A breaker fails fast, sheds load from the sick service and gives it room to come back.',
    fix: 'Wrap the calls to this dependency in a breaker (opossum `new CircuitBreaker(fn, { timeout, errorThresholdPercentage, resetTimeout })`, cockatiel `circuitBreaker(...)`) with a fallback that degrades the feature instead of failing the request: cached data, a default, an empty section.',
    options: z.strictObject({
      ignoreProxies: z.boolean().default(true).describe('Gateway forwarding (proxy middleware) is bounded by the proxy timeout and not counted.'),
    }),
    messages: {
      unprotected: '{{service}} calls {{target}} without a circuit breaker ({{count}} unprotected call site{{plural}})',
    },
  },
  check(ctx) {
    const pairs = new Map<string, { service: string; target: string; sites: Location[] }>();
    for (const { call, paths } of callUses(ctx.links)) {
      if (!isSyncTarget(ctx.graph, call.target) || (ctx.options.ignoreProxies && isProxy(call))) continue;
      const unprotected = paths.length === 0 || paths.some((p) => p.path.breaker === null);
      if (!unprotected) continue;
      const key = `${call.service}->${call.target}`;
      const pair = pairs.get(key) ?? { service: call.service, target: call.target, sites: [] };
      pair.sites.push(call.location);
      pairs.set(key, pair);
    }
    for (const pair of [...pairs.values()].sort((a, b) => (a.service + a.target < b.service + b.target ? -1 : 1))) {
      const sites = pair.sites.sort(byLocation);
      ctx.report({
        messageId: 'unprotected',
        data: { service: ctx.name(pair.service), target: ctx.name(pair.target), count: sites.length, plural: sites.length === 1 ? '' : 's' },
        subjects: [pair.service, pair.target],
        locations: sites,
        evidence: `${pair.service} -> ${pair.target}`,
      });
    }
  },
});
