import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze } from '../../analyzer/run.js';
import { REPO_ROOT } from '../helpers/fixtures.js';
import { channelLines, consumerLines, messageEdgeLines, publishLines } from './messaging-lines.js';

interface Entry {
  ruleId: string;
  subjects: string[];
  file: string;
  line?: number;
}

const SAMPLE = path.join(REPO_ROOT, 'sample-system');
const truth = JSON.parse(readFileSync(path.join(SAMPLE, 'expected-findings.json'), 'utf8')) as { findings: Entry[]; negatives: Entry[] };

/**
 * The sample shop's events: every service publishes through its `Broker` wrapper
 * (`broker.publish('order.created', ...)`) on the `shop.events` topic exchange and consumes
 * with `broker.consume(queue, routingKeys, handler)`. The facts must make the seeded smells
 * findable: an unvalidated publish and a consumer without dedupe, and keep the good patterns clean.
 */
describe('sample-system messaging', () => {
  const { report, links } = analyze(SAMPLE, { config: DEFAULT_CONFIG });
  const messages = links.messages!;

  it('has one channel per routing key, on the RabbitMQ the services connect to', () => {
    expect(channelLines(report)).toEqual([
      'channel:rabbitmq:inventory.reserved topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:order.cancelled topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:order.confirmed topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:order.created topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:payment.failed topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:payment.succeeded topic broker=datastore:rabbitmq:rabbitmq',
      'channel:rabbitmq:shipment.dispatched topic broker=datastore:rabbitmq:rabbitmq',
    ]);
  });

  it('publishes from the endpoints that send each event, at the wrapper call that names it; consumes at each broker.consume', () => {
    expect(messageEdgeLines(report)).toEqual([
      'channel:rabbitmq:order.cancelled -consumes-> service:notifications amqp via amqplib [] services/notifications/src/consumers/shop-events.ts:62',
      'channel:rabbitmq:order.confirmed -consumes-> service:shipping amqp via amqplib [] services/shipping/src/consumers/order-confirmed.ts:23',
      'channel:rabbitmq:order.created -consumes-> service:notifications amqp via amqplib [] services/notifications/src/consumers/shop-events.ts:62',
      'channel:rabbitmq:payment.failed -consumes-> service:notifications amqp via amqplib [] services/notifications/src/consumers/shop-events.ts:62',
      'channel:rabbitmq:payment.succeeded -consumes-> service:notifications amqp via amqplib [] services/notifications/src/consumers/shop-events.ts:62',
      'channel:rabbitmq:shipment.dispatched -consumes-> service:inventory amqp via amqplib [] services/inventory/src/consumers/shipment-dispatched.ts:41',
      'channel:rabbitmq:shipment.dispatched -consumes-> service:notifications amqp via amqplib [] services/notifications/src/consumers/shop-events.ts:62',
      'service:inventory -publishes-> channel:rabbitmq:inventory.reserved amqp via amqplib [PUT /reservations/:orderId] services/inventory/src/routes/reservations.ts:78',
      'service:orders -publishes-> channel:rabbitmq:order.cancelled amqp via amqplib [POST /orders] services/orders/src/checkout/order-saga.ts:34',
      'service:orders -publishes-> channel:rabbitmq:order.confirmed amqp via amqplib [POST /orders] services/orders/src/checkout/order-saga.ts:79',
      'service:orders -publishes-> channel:rabbitmq:order.created amqp via amqplib [POST /orders] services/orders/src/routes/orders.ts:53',
      'service:payments -publishes-> channel:rabbitmq:payment.failed amqp via amqplib [POST /payments] services/payments/src/routes/payments.ts:29',
      'service:payments -publishes-> channel:rabbitmq:payment.succeeded amqp via amqplib [POST /payments] services/payments/src/routes/payments.ts:28',
      'service:shipping -publishes-> channel:rabbitmq:shipment.dispatched amqp via amqplib [PUT /shipments/:id/status] services/shipping/src/routes/shipments.ts:57',
    ]);
  });

  it('knows which payloads are validated with zod before they are published', () => {
    expect(publishLines(links)).toEqual([
      'service:inventory services/inventory/src/routes/reservations.ts:78 (via services/inventory/src/broker.ts:52) → channel:rabbitmq:inventory.reserved exchange=shop.events event [PUT /reservations/:orderId] unvalidated',
      'service:orders services/orders/src/checkout/order-saga.ts:34 (via services/orders/src/broker.ts:52) → channel:rabbitmq:order.cancelled exchange=shop.events event [POST /orders] validated zod:OrderCancelled parse at services/orders/src/checkout/order-saga.ts:35',
      'service:orders services/orders/src/checkout/order-saga.ts:79 (via services/orders/src/broker.ts:52) → channel:rabbitmq:order.confirmed exchange=shop.events event [POST /orders] validated zod:OrderConfirmed parse at services/orders/src/checkout/order-saga.ts:81',
      'service:orders services/orders/src/routes/orders.ts:53 (via services/orders/src/broker.ts:52) → channel:rabbitmq:order.created exchange=shop.events event [POST /orders] validated zod:OrderCreated parse at services/orders/src/routes/orders.ts:55',
      'service:payments services/payments/src/routes/payments.ts:28 (via services/payments/src/broker.ts:52) → channel:rabbitmq:payment.succeeded exchange=shop.events event [POST /payments] validated zod:PaymentSucceeded parse at services/payments/src/routes/payments.ts:28',
      'service:payments services/payments/src/routes/payments.ts:29 (via services/payments/src/broker.ts:52) → channel:rabbitmq:payment.failed exchange=shop.events event [POST /payments] validated zod:PaymentFailed parse at services/payments/src/routes/payments.ts:29',
      'service:shipping services/shipping/src/routes/shipments.ts:57 (via services/shipping/src/broker.ts:52) → channel:rabbitmq:shipment.dispatched exchange=shop.events event [PUT /shipments/:id/status] validated zod:ShipmentDispatched parse at services/shipping/src/routes/shipments.ts:59',
    ]);
  });

  it('knows which consumers dedupe: processed_events and ON CONFLICT DO NOTHING, not the stock decrement', () => {
    expect(consumerLines(links)).toEqual([
      'service:inventory services/inventory/src/consumers/shipment-dispatched.ts:41 (via services/inventory/src/broker.ts:72) ← [channel:rabbitmq:shipment.dispatched] subscriptions=[shipment.dispatched] queue=inventory.shipment-dispatched handlers=[services/inventory/src/broker.ts#L72:36, services/inventory/src/consumers/shipment-dispatched.ts#L41:50] no dedupe',
      'service:notifications services/notifications/src/consumers/shop-events.ts:62 (via services/notifications/src/broker.ts:72) ← [channel:rabbitmq:order.cancelled, channel:rabbitmq:order.created, channel:rabbitmq:payment.failed, channel:rabbitmq:payment.succeeded, channel:rabbitmq:shipment.dispatched] subscriptions=[order.cancelled, order.created, payment.failed, payment.succeeded, shipment.dispatched] queue=notifications.events handlers=[services/notifications/src/broker.ts#L72:36, services/notifications/src/consumers/shop-events.ts#L62:39] dedupe insert-ignore (INSERT INTO processed_events ... ON CONFLICT DO NOTHING) at services/notifications/src/consumers/shop-events.ts:19',
      'service:shipping services/shipping/src/consumers/order-confirmed.ts:23 (via services/shipping/src/broker.ts:72) ← [channel:rabbitmq:order.confirmed] subscriptions=[order.confirmed] queue=shipping.order-confirmed handlers=[services/shipping/src/broker.ts#L72:36, services/shipping/src/consumers/order-confirmed.ts#L23:46] dedupe insert-ignore (INSERT INTO shipments ... ON CONFLICT DO NOTHING) at services/shipping/src/shipments-repository.ts:30',
    ]);
  });

  it('makes every seeded messaging smell findable where expected-findings.json puts it', () => {
    const at = (e: Entry) => (l: { file: string; line?: number }) => l.file === e.file && (e.line === undefined || l.line === e.line);
    for (const e of truth.findings.filter((f) => f.ruleId === 'untyped-events')) {
      const publish = messages.publishes.find((p) => at(e)(p.location) && e.subjects.includes(p.service) && p.channel !== null && e.subjects.includes(p.channel));
      expect(publish, `${e.file}:${e.line}`).toBeDefined();
      expect(publish!.validation).toBeNull();
    }
    for (const e of truth.findings.filter((f) => f.ruleId === 'missing-idempotency-key' && f.subjects.some((s) => s.startsWith('channel:')))) {
      const consumer = messages.consumers.find((c) => at(e)(c.location) && e.subjects.includes(c.service));
      expect(consumer, `${e.file}:${e.line}`).toBeDefined();
      expect(consumer!.channels).toEqual(expect.arrayContaining(e.subjects.filter((s) => s.startsWith('channel:'))));
      expect(consumer!.dedupe).toBeNull();
    }
  });

  it('keeps the good patterns clean: validated publishes and deduplicating consumers listed as negatives', () => {
    for (const n of truth.negatives.filter((x) => x.ruleId === 'untyped-events')) {
      const mine = messages.publishes.filter((p) => p.location.file === n.file && n.subjects.includes(p.service));
      expect(mine.length, n.file).toBeGreaterThan(0);
      expect(mine.filter((p) => !p.validation), n.file).toEqual([]);
    }
    for (const n of truth.negatives.filter((x) => x.ruleId === 'missing-idempotency-key' && x.file.includes('/consumers/'))) {
      const consumer = messages.consumers.find((c) => c.location.file === n.file && n.subjects.includes(c.service));
      expect(consumer?.dedupe, n.file).toBeTruthy();
    }
  });
});
