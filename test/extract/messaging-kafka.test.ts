import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('kafkajs', () => {
  it('records sends and batches with their topics, subscriptions with the consumer group, the eachMessage handler and a processed-messages lookup', () => {
    const { facts } = extractFixture('extract/messaging/kafkajs');
    expect(messagingFacts(facts)).toEqual([
      'schema services/orders/src/index.ts:5 zod OrderCreated',
      'connection services/orders/src/index.ts:7 kafkajs kafka ${KAFKA_BROKERS}',
      'client services/orders/src/index.ts:8 kafka producer producer',
      'publish services/orders/src/index.ts:16 kafkajs kafka/topic orders.created event payload=0<{param0}> @services/orders/src/index.ts#L14:21',
      'validated services/orders/src/index.ts:16 arg0 (checked at 18) zod parse OrderCreated',
      'publish services/orders/src/index.ts:21 kafkajs kafka/topic audit.log event payload=0<{param0}> @services/orders/src/index.ts#L14:21',
      'connection services/shipping/src/index.ts:5 kafkajs kafka ${KAFKA_BROKERS}',
      'client services/shipping/src/index.ts:6 kafka consumer consumer',
      'dedupe services/shipping/src/index.ts:11 processed-lookup SELECT processed_messages @services/shipping/src/index.ts#handle',
      'dedupe services/shipping/src/index.ts:14 processed-lookup INSERT processed_messages @services/shipping/src/index.ts#handle',
      'consume services/shipping/src/index.ts:18 kafkajs kafka/topic [[orders.created, orders.cancelled]] exact queue=shipping handler=- client=services/shipping/src/index.ts#:consumer @services/shipping/src/index.ts#',
      'consume services/shipping/src/index.ts:19 kafkajs kafka/topic [] exact queue=shipping handler={fn services/shipping/src/index.ts#L20:16} client=services/shipping/src/index.ts#:consumer @services/shipping/src/index.ts#',
    ]);
  });

  it('links topics to the consumer group, with validation at the send and dedupe in the handler', () => {
    const { report, links } = analyzeFixture('extract/messaging/kafkajs');
    expect(channelLines(report)).toEqual([
      'channel:kafka:audit.log topic broker=datastore:kafka:kafka',
      'channel:kafka:orders.cancelled topic broker=datastore:kafka:kafka',
      'channel:kafka:orders.created topic broker=datastore:kafka:kafka',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:kafka:orders.cancelled -consumes-> service:shipping kafka via kafkajs [] services/shipping/src/index.ts:18',
      'channel:kafka:orders.created -consumes-> service:shipping kafka via kafkajs [] services/shipping/src/index.ts:18',
      'service:orders -publishes-> channel:kafka:audit.log kafka via kafkajs [POST /orders] services/orders/src/index.ts:21',
      'service:orders -publishes-> channel:kafka:orders.created kafka via kafkajs [POST /orders] services/orders/src/index.ts:16',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/index.ts:16 → channel:kafka:orders.created event [POST /orders] validated zod:OrderCreated parse at services/orders/src/index.ts:18',
      'service:orders services/orders/src/index.ts:21 → channel:kafka:audit.log event [POST /orders] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:shipping services/shipping/src/index.ts:18 ← [channel:kafka:orders.cancelled, channel:kafka:orders.created] subscriptions=[orders.cancelled, orders.created] queue=shipping handlers=[services/shipping/src/index.ts#L20:16] dedupe processed-lookup (SELECT processed_messages) at services/shipping/src/index.ts:11',
    ]);
  });

  it('sees sends on a producer exported by another module, a regex subscription and a handler written as a method', () => {
    const { facts } = extractFixture('extract/messaging/kafkajs-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'publish services/billing/src/events/publisher.ts:8 kafkajs kafka/topic {param0} event payload=0<{param1},{param2}> instance=../kafka.js#producer @services/billing/src/events/publisher.ts#EventPublisher.publish',
      'validated services/billing/src/events/publisher.ts:8 arg0 (checked at 10) ? encode ../kafka.js#registry',
      'publish services/billing/src/events/publisher.ts:16 kafkajs kafka/topic {param0} event payload=0<{param1},{param2}> instance=../kafka.js#producer @services/billing/src/events/publisher.ts#EventPublisher.publishRaw',
      'connection services/billing/src/kafka.ts:4 kafkajs kafka ${KAFKA_BROKER}',
      'client services/billing/src/kafka.ts:7 kafka producer producer exported',
      'schema services/billing/src/kafka.ts:9 schema-registry registry exported',
      'consume services/reporting/src/billing-listener.ts:8 kafkajs kafka/topic [billing\\..+] regex queue=- handler=- client=services/reporting/src/billing-listener.ts#BillingListener.consumer @services/reporting/src/billing-listener.ts#BillingListener.start',
      'consume services/reporting/src/billing-listener.ts:9 kafkajs kafka/topic [] exact queue=- handler={fn services/reporting/src/billing-listener.ts#L10:7} client=services/reporting/src/billing-listener.ts#BillingListener.consumer @services/reporting/src/billing-listener.ts#BillingListener.start',
      'connection services/reporting/src/main.ts:4 kafkajs kafka ${KAFKA_BROKER}',
    ]);
  });

  it('fills topics from imported constants through a publisher class, confirms the exported producer and the schema-registry encoding, and matches the regex against published topics', () => {
    const { report, links } = analyzeFixture('extract/messaging/kafkajs-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:kafka:billing.invoice-issued topic broker=datastore:kafka:redpanda',
      'channel:kafka:billing.invoice-voided topic broker=datastore:kafka:redpanda',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:kafka:billing.invoice-issued -consumes-> service:reporting kafka via kafkajs [] services/reporting/src/billing-listener.ts:8',
      'channel:kafka:billing.invoice-voided -consumes-> service:reporting kafka via kafkajs [] services/reporting/src/billing-listener.ts:8',
      'service:billing -publishes-> channel:kafka:billing.invoice-issued kafka via kafkajs [POST /invoices] services/billing/src/routes/invoices.ts:10',
      'service:billing -publishes-> channel:kafka:billing.invoice-voided kafka via kafkajs [DELETE /invoices/:id] services/billing/src/routes/invoices.ts:15',
    ]);
    expect(publishLines(links)).toEqual([
      'service:billing services/billing/src/routes/invoices.ts:10 (via services/billing/src/events/publisher.ts:8) → channel:kafka:billing.invoice-issued event [POST /invoices] validated schema-registry:registry encode at services/billing/src/events/publisher.ts:10',
      'service:billing services/billing/src/routes/invoices.ts:15 (via services/billing/src/events/publisher.ts:16) → channel:kafka:billing.invoice-voided event [DELETE /invoices/:id] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:reporting services/reporting/src/billing-listener.ts:8 ← [channel:kafka:billing.invoice-issued, channel:kafka:billing.invoice-voided] subscriptions=[billing\\..+] queue=- handlers=[services/reporting/src/billing-listener.ts#L10:7] no dedupe',
    ]);
  });
});
