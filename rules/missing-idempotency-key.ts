import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';
import { byLocation } from './support/code.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    for (const endpoint of ctx.links.quality?.endpoints ?? []) {
      const idempotency = endpoint.idempotency;
      if (!idempotency || idempotency.how !== 'none') continue;
      const method = endpoint.key.split(' ')[0] ?? '';
      const safe = SAFE.has(method);
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
