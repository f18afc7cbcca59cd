import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('amqplib', () => {
  it('records publishes with exchange and routing key, queue sends, bindings, consumers and the unique-violation catch', () => {
    const { facts } = extractFixture('extract/messaging/amqplib');
    expect(messagingFacts(facts)).toEqual([
      'connection services/billing/src/index.ts:5 amqplib rabbitmq ${AMQP_URL}',
      'client services/billing/src/index.ts:5 rabbitmq connection connection',
      'client services/billing/src/index.ts:6 rabbitmq channel channel',
      'exchange services/billing/src/index.ts:8 shop topic',
      'binding services/billing/src/index.ts:10 rabbitmq billing.orders <- shop order.* @services/billing/src/index.ts#',
      'dedupe services/billing/src/index.ts:17 unique-violation catch 23505 @services/billing/src/index.ts#invoice',
      'consume services/billing/src/index.ts:23 amqplib rabbitmq/queue [billing.orders] exact queue=billing.orders handler={fn services/billing/src/index.ts#L23:41} @services/billing/src/index.ts#',
      'consume services/billing/src/index.ts:30 amqplib rabbitmq/queue [emails] exact queue=emails handler={fn services/billing/src/index.ts#L30:33} @services/billing/src/index.ts#',
      'schema services/orders/src/index.ts:5 zod OrderPlaced',
      'connection services/orders/src/index.ts:7 amqplib rabbitmq ${AMQP_URL}',
      'client services/orders/src/index.ts:7 rabbitmq connection connection',
      'client services/orders/src/index.ts:8 rabbitmq channel channel',
      'exchange services/orders/src/index.ts:9 shop topic',
      'publish services/orders/src/index.ts:17 amqplib rabbitmq/topic order.placed exchange=shop event payload=2<{param0}> @services/orders/src/index.ts#L14:21',
      'validated services/orders/src/index.ts:17 arg2 (checked at 16) zod parse OrderPlaced',
      'publish services/orders/src/index.ts:19 amqplib rabbitmq/queue emails exchange= event payload=1<{param0}> @services/orders/src/index.ts#L14:21',
    ]);
  });

  it('links publishers to consumers through topic-exchange patterns and direct queues, with validation and dedupe', () => {
    const { report, links } = analyzeFixture('extract/messaging/amqplib');
    expect(channelLines(report)).toEqual([
      'channel:rabbitmq:emails queue broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:order.placed topic broker=datastore:rabbitmq:rabbitmq',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:rabbitmq:emails -consumes-> service:billing amqp via amqplib [] services/billing/src/index.ts:30',
      'channel:rabbitmq:order.placed -consumes-> service:billing amqp via amqplib [] services/billing/src/index.ts:23',
      'service:orders -publishes-> channel:rabbitmq:emails amqp via amqplib [POST /orders] services/orders/src/index.ts:19',
      'service:orders -publishes-> channel:rabbitmq:order.placed amqp via amqplib [POST /orders] services/orders/src/index.ts:17',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/index.ts:17 → channel:rabbitmq:order.placed exchange=shop event [POST /orders] validated zod:OrderPlaced parse at services/orders/src/index.ts:16',
      'service:orders services/orders/src/index.ts:19 → channel:rabbitmq:emails event [POST /orders] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:billing services/billing/src/index.ts:23 ← [channel:rabbitmq:order.placed] subscriptions=[order.*] queue=billing.orders handlers=[services/billing/src/index.ts#L23:41] dedupe unique-violation (catch 23505) at services/billing/src/index.ts:17',
      'service:billing services/billing/src/index.ts:30 ← [channel:rabbitmq:emails] subscriptions=[emails] queue=emails handlers=[services/billing/src/index.ts#L30:33] no dedupe',
    ]);
  });

  it('follows a wrapper class in a workspace package: routing keys and binding lists stay parameters', () => {
    const { facts } = extractFixture('extract/messaging/amqplib-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'exchange packages/bus/src/index.ts:24 payments.events topic',
      'publish packages/bus/src/index.ts:30 amqplib rabbitmq/topic {param0} exchange=payments.events event payload=2<{param0},{param1}> @packages/bus/src/index.ts#EventBus.publish',
      'binding packages/bus/src/index.ts:38 rabbitmq {param0} <- payments.events {param1} @packages/bus/src/index.ts#L38:25',
      'consume packages/bus/src/index.ts:39 amqplib rabbitmq/queue [{param0}] exact queue={param0} handler={fn packages/bus/src/index.ts#L39:34} @packages/bus/src/index.ts#EventBus.subscribe',
      'connection services/ledger/src/handlers.ts:4 ioredis redis ${REDIS_URL}',
      'client services/ledger/src/handlers.ts:4 redis client redis',
      'dedupe services/ledger/src/handlers.ts:8 claim-key SET NX @services/ledger/src/handlers.ts#recordEntry',
      'schema services/payments/src/events/validators.ts:6 ajv validatePaymentCaptured exported',
      'validated services/payments/src/routes/payments.ts:15 arg1 (checked at 11) ? () ../events/validators.js#validatePaymentCaptured',
    ]);
  });

  it('fills the wrapper parameters from each call: imported constants, binding patterns, a validator checked before the call, a handler from another file', () => {
    const { report, links } = analyzeFixture('extract/messaging/amqplib-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:rabbitmq:payment.captured topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:refund.issued topic broker=datastore:rabbitmq:rabbitmq',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:rabbitmq:payment.captured -consumes-> service:ledger amqp via amqplib [] services/ledger/src/consumer.ts:6',
      'channel:rabbitmq:refund.issued -consumes-> service:ledger amqp via amqplib [] services/ledger/src/consumer.ts:6',
      'service:payments -publishes-> channel:rabbitmq:payment.captured amqp via amqplib [POST /payments/:id/capture] services/payments/src/routes/payments.ts:15',
      'service:payments -publishes-> channel:rabbitmq:refund.issued amqp via amqplib [POST /payments/:id/refunds] services/payments/src/routes/payments.ts:21',
    ]);
    expect(publishLines(links)).toEqual([
      'service:payments services/payments/src/routes/payments.ts:15 (via packages/bus/src/index.ts:30) → channel:rabbitmq:payment.captured exchange=payments.events event [POST /payments/:id/capture] validated ajv:validatePaymentCaptured () at services/payments/src/routes/payments.ts:11',
      'service:payments services/payments/src/routes/payments.ts:21 (via packages/bus/src/index.ts:30) → channel:rabbitmq:refund.issued exchange=payments.events event [POST /payments/:id/refunds] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:ledger services/ledger/src/consumer.ts:6 (via packages/bus/src/index.ts:39) ← [channel:rabbitmq:payment.captured, channel:rabbitmq:refund.issued] subscriptions=[payment.*, refund.#] queue=ledger.entries handlers=[packages/bus/src/index.ts#L39:34, services/ledger/src/handlers.ts#recordEntry] dedupe claim-key (SET NX) at services/ledger/src/handlers.ts:8',
    ]);
  });
});
