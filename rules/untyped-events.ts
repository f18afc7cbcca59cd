import { z } from 'zod';
import { defineRule } from '../analyzer/types/index.js';

export default defineRule({
  meta: {
    id: 'untyped-events',
    title: 'Event published without a schema',
    category: 'evolution',
    defaultSeverity: 'warn',
    rationale:
      'An event is a contract with every consumer, present and future, that the producer never sees. Published without a schema, its shape is whatever the producer\'s code happens to build today: a renamed field or a missing value breaks consumers at run time, in another service, often long after the deploy that caused it, and nobody can tell which versions are still in flight.',
    fix: 'Define the payload with a schema (zod, JSON Schema with ajv, protobuf or Avro with a registry) in one place, validate before publishing, and version it: add fields, never repurpose them; publish a new event type for breaking changes.',
    options: z.strictObject({}),
    messages: { untyped: '{{service}} publishes {{channel}} without validating the payload against a schema' },
  },
  check(ctx) {
    for (const publish of ctx.links.messages?.publishes ?? []) {
      if (publish.pattern !== 'event' || publish.validation) continue;
      ctx.report({
        messageId: 'untyped',
        data: { service: ctx.name(publish.service), channel: publish.channel ? ctx.name(publish.channel) : publish.name },
        subjects: publish.channel ? [publish.service, publish.channel] : [publish.service],
        locations: [publish.location],
        evidence: `${publish.service} publishes ${publish.channel ?? publish.name}`,
      });
    }
  },
});
