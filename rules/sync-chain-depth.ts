import { z } from 'zod';
import { defineRule, symText, type LinkedCall, type LinkedEndpoint } from '../analyzer/types/index.js';
import { isSyncTarget } from './support/code.js';

/** Path segments of a call's URL after its host or base variable: `${USERS_URL}/users/{id}` → ['users', '*']. */
function callPath(call: LinkedCall): string[] | null {
  const text = symText(call.url).replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/^\$\{[^}]+\}/, '').split(/[?#]/)[0] ?? '';
  if (!text) return null;
  return text.split('/').filter(Boolean).map((s) => (s.includes('{') ? '*' : s));
}

function matches(endpoint: LinkedEndpoint, call: LinkedCall, path: string[] | null): boolean {
  if (call.method && endpoint.method !== 'ALL' && endpoint.method !== call.method) return false;
  if (path === null) return true;
  const segments = endpoint.path.split('/').filter(Boolean);
  if (segments.length < path.length) return false;
  // The call's base URL may carry a prefix: compare the call's segments with the end of the route.
  const tail = segments.slice(segments.length - path.length);
  return tail.every((s, i) => s === path[i] || s.startsWith(':') || s === '*' || path[i] === '*');
}

export default defineRule({
  meta: {
    id: 'sync-chain-depth',
    title: 'Long chain of synchronous calls behind one request',
    category: 'coupling',
    defaultSeverity: 'warn',
    rationale:
      'Each synchronous hop adds its latency, its failure rate and its timeout to the request that started the chain. Past three hops a request depends on a long line of services being up at the same moment, timeouts nest badly (the outer one fires while inner calls still run), and tracing a failure back to its cause gets hard. Deep chains usually mean data lives far from where it is used.',
    fix: 'Shorten the chain: let the first service keep the data it needs (replicated from events), combine hops the request always makes together, or return early and finish the work asynchronously. Keep every hop\'s timeout shorter than its caller\'s.',
    options: z.strictObject({ maxHops: z.number().int().min(1).default(3).describe('Synchronous hops from an entry endpoint that are still acceptable.') }),
    messages: { deep: '{{endpoint}} of {{service}} starts a chain of {{hops}} synchronous hops: {{chain}}' },
  },
  check(ctx) {
    const calls = new Map(ctx.links.calls.map((c) => [c.id, c]));
    const endpointsOf = new Map<string, LinkedEndpoint[]>();
    for (const e of ctx.links.endpoints) endpointsOf.set(e.service, [...(endpointsOf.get(e.service) ?? []), e]);
    const next = (endpoint: LinkedEndpoint): LinkedEndpoint[] => {
      const out: LinkedEndpoint[] = [];
      for (const path of endpoint.calls) {
        const call = calls.get(path.call);
        // A third-party API is a hop too (its latency and failures count), and the end of the chain.
        if (!call || !isSyncTarget(ctx.graph, call.target)) continue;
        const segments = callPath(call);
        const targets = (endpointsOf.get(call.target) ?? []).filter((e) => matches(e, call, segments));
        out.push(...(targets.length ? targets : [{ service: call.target, key: '(unknown endpoint)', method: '', path: '', location: call.location, mutating: false, library: '', calls: [] } satisfies LinkedEndpoint]));
      }
      return out;
    };
    const longest = (endpoint: LinkedEndpoint, visited: Set<string>): LinkedEndpoint[] => {
      let best: LinkedEndpoint[] = [endpoint];
      for (const target of next(endpoint)) {
        if (visited.has(target.service)) continue;
        const chain = longest(target, new Set([...visited, target.service]));
        if (chain.length + 1 > best.length) best = [endpoint, ...chain];
      }
      return best;
    };
    const called = new Set<LinkedEndpoint>();
    for (const e of ctx.links.endpoints) for (const t of next(e)) called.add(t);
    for (const entry of ctx.links.endpoints) {
      if (called.has(entry)) continue;
      const chain = longest(entry, new Set([entry.service]));
      const hops = chain.length - 1;
      if (hops <= ctx.options.maxHops) continue;
      ctx.report({
        messageId: 'deep',
        data: { endpoint: entry.key, service: ctx.name(entry.service), hops, chain: chain.map((e) => `${ctx.name(e.service)}${e.key.startsWith('(') ? '' : ` ${e.key}`}`).join(' → ') },
        subjects: [...new Set(chain.map((e) => e.service))],
        locations: [entry.location],
        evidence: chain.map((e) => `${e.service} ${e.key}`).join(' > '),
      });
    }
  },
});
