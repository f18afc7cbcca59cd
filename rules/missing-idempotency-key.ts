import { z } from 'zod';
import { defineRule, type CodeLinks, type Location } from '../analyzer/types/index.js';
import type { EndpointQuality } from '../analyzer/types/quality-links.js';
import { byLocation } from './support/code.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether an unsafe-method endpoint (a POST) is seen to only read: every query and cache
 * command its handling makes reads, it publishes nothing and makes no call other than a GET.
 * A search that takes its filter in the body is safe to repeat. Without any data access seen,
 * the answer is no: nothing shows what the handler does.
 */
function readOnlyCheck(links: CodeLinks): (endpoint: EndpointQuality) => boolean {
  const at = (e: { service: string; location: Location }, key: string): string => `${e.service} ${key} ${e.location.file}:${e.location.line ?? 0}`;
  const data = new Map((links.dataAccess?.endpoints ?? []).map((e) => [at(e, e.endpoint), e]));
  const linked = new Map(links.endpoints.map((e) => [at(e, e.key), e]));
  const accesses = new Map((links.dataAccess?.accesses ?? []).map((a) => [a.id, a]));
  const calls = new Map(links.calls.map((c) => [c.id, c]));
  const publishing = new Set((links.messages?.publishes ?? []).flatMap((p) => p.endpoints.map((key) => `${p.service} ${key}`)));
  return (endpoint) => {
    const reads = data.get(at(endpoint, endpoint.key))?.accesses ?? [];
    if (!reads.length || !reads.every((id) => accesses.get(id)?.operation === 'read')) return false;
    if (linked.get(at(endpoint, endpoint.key))?.calls.some((path) => !SAFE.has(calls.get(path.call)?.method ?? ''))) return false;
    return !publishing.has(`${endpoint.service} ${endpoint.key}`);
  };
}

export default defineRule({
  meta: {
    id: 'missing-idempotency-key',
    title: 'State change that is not safe to repeat',
    category: 'resilience',
    defaultSeverity: 'warn',
    rationale:
      'Networks retry: a client whose request timed out sends it again, a gateway retries, a broker redelivers a message whose acknowledgement was lost. A handler that changes state and cannot tell a repeat from a new request then does the work twice: two orders, two charges, stock reserved twice. A GET that changes state is worse: links are prefetched, crawled and retried freely, because GET promises to be safe.',
    fix: 'Make the operation safe to repeat: accept an `Idempotency-Key` header and store the first outcome under it, or write with a natural key (`INSERT ... ON CONFLICT DO NOTHING`, a PUT to a resource id). For consumers, record each processed message id in the same transaction as the work and skip ids already seen. Move state changes off GET to POST/PUT.',
    options: z.strictObject({
      consumers: z.boolean().default(true).describe('Also check message consumers for deduplication.'),
    }),
    messages: {
      mutating: '{{endpoint}} of {{service}} changes state but cannot recognise a repeated request (no idempotency key, upsert or dedupe)',
      stateChangingGet: '{{endpoint}} of {{service}} changes state on a GET ({{tables}}), which clients, proxies and crawlers repeat freely',
      consumer: '{{service}} consumes {{channels}} without ignoring messages it has already processed',
    },
  },
  check(ctx) {
    const readOnly = readOnlyCheck(ctx.links);
    for (const endpoint of ctx.links.quality?.endpoints ?? []) {
      const idempotency = endpoint.idempotency;
      if (!idempotency) continue;
      const method = endpoint.key.split(' ')[0] ?? '';
      const safe = SAFE.has(method);
      // A GET that writes is reported even when the write is an upsert: safe to repeat, but
      // prefetchers and link scanners still make the change nobody asked for.
      if (safe ? !idempotency.writes.length : idempotency.how !== 'none') continue;
      if (!safe && !idempotency.writes.length && readOnly(endpoint)) continue;
      const tables = [...new Set(idempotency.writes.map((w) => w.what))].sort();
      ctx.report({
        messageId: safe ? 'stateChangingGet' : 'mutating',
        data: { endpoint: endpoint.key, service: ctx.name(endpoint.service), tables: tables.join(', ') || 'data' },
        subjects: [endpoint.service],
        locations: [endpoint.location, ...idempotency.writes.map((w) => w.location).sort(byLocation)],
        evidence: `${endpoint.service} ${endpoint.key}`,
      });
    }
    if (!ctx.options.consumers) return;
    for (const consumer of ctx.links.messages?.consumers ?? []) {
      if (consumer.pattern !== 'event' || consumer.dedupe) continue;
      const channels = [...consumer.channels].sort();
      ctx.report({
        messageId: 'consumer',
        data: { service: ctx.name(consumer.service), channels: channels.length ? channels.map(ctx.name).join(', ') : consumer.subscriptions.join(', ') || 'messages' },
        subjects: [consumer.service, ...channels],
        locations: [consumer.location],
        evidence: `${consumer.service} consumes ${channels.join(',') || consumer.subscriptions.join(',')}`,
      });
    }
  },
});
