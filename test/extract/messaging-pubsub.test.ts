import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('Google Cloud Pub/Sub', () => {
  it('records publishMessage on a named topic, a subscription handler and the topic a created subscription reads', () => {
    const { facts } = extractFixture('extract/messaging/pubsub');
    expect(messagingFacts(facts)).toEqual([
      'client services/invoicing/src/index.ts:5 pubsub client pubsub',
      'binding services/invoicing/src/index.ts:9 pubsub invoicing-orders <-  orders @services/invoicing/src/index.ts#',
      'dedupe services/invoicing/src/index.ts:14 insert-ignore .onConflict().ignore() @services/invoicing/src/index.ts#invoice',
      'consume services/invoicing/src/index.ts:18 @google-cloud/pubsub pubsub/topic [] exact queue=invoicing-orders handler={fn services/invoicing/src/index.ts#invoice} @services/invoicing/src/index.ts#',
      'schema services/orders/src/index.ts:5 zod OrderPlaced',
      'client services/orders/src/index.ts:6 pubsub client pubsub',
      'publish services/orders/src/index.ts:13 @google-cloud/pubsub pubsub/topic orders event payload=0<{param0}> @services/orders/src/index.ts#L11:21',
      'validated services/orders/src/index.ts:13 arg0 (checked at 13) zod parse OrderPlaced',
    ]);
  });

  it('links the topic to the subscriber through the subscription it reads, with the insert-ignore dedupe in the handler', () => {
    const { report, links } = analyzeFixture('extract/messaging/pubsub');
    expect(channelLines(report)).toEqual([
      'channel:pubsub:orders topic broker=-',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:pubsub:orders -consumes-> service:invoicing pubsub via @google-cloud/pubsub [] services/invoicing/src/index.ts:18',
      'service:orders -publishes-> channel:pubsub:orders pubsub via @google-cloud/pubsub [POST /orders] services/orders/src/index.ts:13',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/index.ts:13 → channel:pubsub:orders event [POST /orders] validated zod:OrderPlaced parse at services/orders/src/index.ts:13',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:invoicing services/invoicing/src/index.ts:18 ← [channel:pubsub:orders] subscriptions=[orders] queue=invoicing-orders handlers=[services/invoicing/src/index.ts#invoice] dedupe insert-ignore (.onConflict().ignore()) at services/invoicing/src/index.ts:14',
    ]);
  });

  it('sees a topic chained off a client exported by another module, and a subscription exported for the consumer', () => {
    const { facts } = extractFixture('extract/messaging/pubsub-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'publish services/payments/src/events.ts:5 @google-cloud/pubsub pubsub/topic {param0} event payload=0<{param1}> instance=./pubsub.js#pubsub @services/payments/src/events.ts#publishEvent',
      'client services/payments/src/pubsub.ts:4 pubsub client pubsub exported',
      'consume services/shipping/src/main.ts:11 ioredis redis/topic [] exact queue=- handler={fn services/shipping/src/main.ts#onPayment} client=./subscriptions.js:paymentsSubscription instance=./subscriptions.js#paymentsSubscription @services/shipping/src/main.ts#',
      'consume services/shipping/src/main.ts:11 @google-cloud/pubsub pubsub/topic [] exact queue=- handler={fn services/shipping/src/main.ts#onPayment} instance=./subscriptions.js#paymentsSubscription @services/shipping/src/main.ts#',
      'client services/shipping/src/subscriptions.ts:3 pubsub client pubsub',
      'client services/shipping/src/subscriptions.ts:6 pubsub subscription paymentsSubscription exported ${SHIPPING_SUBSCRIPTION}',
      'binding services/shipping/src/subscriptions.ts:10 pubsub ${SHIPPING_SUBSCRIPTION} <-  ${PAYMENTS_TOPIC} @services/shipping/src/subscriptions.ts#ensureSubscription',
    ]);
  });

  it('names topics and subscriptions from the manifests (full resource paths are shortened) and joins them through createSubscription', () => {
    const { report, links } = analyzeFixture('extract/messaging/pubsub-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:pubsub:payments topic broker=-',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:pubsub:payments -consumes-> service:shipping pubsub via @google-cloud/pubsub [] services/shipping/src/main.ts:11',
      'service:payments -publishes-> channel:pubsub:payments pubsub via @google-cloud/pubsub [POST /payments/:id/settle] services/payments/src/main.ts:10',
    ]);
    expect(publishLines(links)).toEqual([
      'service:payments services/payments/src/main.ts:10 (via services/payments/src/events.ts:5) → channel:pubsub:payments event [POST /payments/:id/settle] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:shipping services/shipping/src/main.ts:11 ← [channel:pubsub:payments] subscriptions=[payments] queue=shipping-payments handlers=[services/shipping/src/main.ts#onPayment] no dedupe',
    ]);
  });
});
