import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('nats', () => {
  it('records publish, request-reply and JetStream publish, subscriptions with queue groups, callbacks and async iteration', () => {
    const { facts } = extractFixture('extract/messaging/nats');
    expect(messagingFacts(facts)).toEqual([
      'schema services/inventory/src/index.ts:5 zod StockChanged',
      'connection services/inventory/src/index.ts:8 nats nats ${NATS_URL}',
      'client services/inventory/src/index.ts:8 nats connection nc',
      'publish services/inventory/src/index.ts:16 nats nats/subject inventory.stock.{change.sku} event payload=1<{param0}> @services/inventory/src/index.ts#L14:24',
      'validated services/inventory/src/index.ts:16 arg1 (checked at 15) zod parse StockChanged',
      'validated services/inventory/src/index.ts:16 arg0 (checked at 15) zod parse StockChanged',
      'publish services/inventory/src/index.ts:18 nats nats/subject pricing.quote request payload=1<{param0}> @services/inventory/src/index.ts#L14:24',
      'publish services/inventory/src/index.ts:19 nats nats/subject audit.inventory event payload=1<{param0}> @services/inventory/src/index.ts#L14:24',
      'validated services/inventory/src/index.ts:20 arg0 (checked at 15) zod parse StockChanged',
      'connection services/pricing/src/index.ts:4 nats nats ${NATS_URL}',
      'client services/pricing/src/index.ts:4 nats connection nc',
      'consume services/pricing/src/index.ts:6 nats nats/subject [pricing.quote] nats queue=pricing handler={fn services/pricing/src/index.ts#} @services/pricing/src/index.ts#',
      'connection services/search/src/index.ts:4 nats nats ${NATS_URL}',
      'client services/search/src/index.ts:4 nats connection nc',
      'consume services/search/src/index.ts:12 nats nats/subject [inventory.stock.*] nats queue=search-indexers handler={fn services/search/src/index.ts#L12:73} @services/search/src/index.ts#',
    ]);
  });

  it('links subjects with wildcards: a computed token becomes `*`, matched by `inventory.stock.*`', () => {
    const { report, links } = analyzeFixture('extract/messaging/nats');
    expect(channelLines(report)).toEqual([
      'channel:nats:audit.inventory subject broker=datastore:nats:nats',
      'channel:nats:inventory.stock.* subject broker=datastore:nats:nats',
      'channel:nats:pricing.quote subject broker=datastore:nats:nats',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:nats:inventory.stock.* -consumes-> service:search nats via nats [] services/search/src/index.ts:12',
      'channel:nats:pricing.quote -consumes-> service:pricing nats via nats [] services/pricing/src/index.ts:6',
      'service:inventory -publishes-> channel:nats:audit.inventory nats via nats [PUT /stock/:sku] services/inventory/src/index.ts:19',
      'service:inventory -publishes-> channel:nats:inventory.stock.* nats via nats [PUT /stock/:sku] services/inventory/src/index.ts:16',
      'service:inventory -publishes-> channel:nats:pricing.quote nats via nats [PUT /stock/:sku] services/inventory/src/index.ts:18',
    ]);
    expect(publishLines(links)).toEqual([
      'service:inventory services/inventory/src/index.ts:16 → channel:nats:inventory.stock.* event [PUT /stock/:sku] validated zod:StockChanged parse at services/inventory/src/index.ts:15',
      'service:inventory services/inventory/src/index.ts:18 → channel:nats:pricing.quote request [PUT /stock/:sku] unvalidated',
      'service:inventory services/inventory/src/index.ts:19 → channel:nats:audit.inventory event [PUT /stock/:sku] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:pricing services/pricing/src/index.ts:6 ← [channel:nats:pricing.quote] subscriptions=[pricing.quote] queue=pricing handlers=[services/pricing/src/index.ts#] no dedupe',
      'service:search services/search/src/index.ts:12 ← [channel:nats:inventory.stock.*] subscriptions=[inventory.stock.*] queue=search-indexers handlers=[services/search/src/index.ts#L12:73] no dedupe',
    ]);
  });

  it('sees calls on a connection exported by another module through a wrapper class; candidates of other libraries are left to the link stage', () => {
    const { facts } = extractFixture('extract/messaging/nats-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'publish services/orders/src/bus.ts:9 nats nats/subject {param0} event payload=1<{param1}> instance=./nats.js#nc @services/orders/src/bus.ts#Bus.publish',
      'publish services/orders/src/bus.ts:9 ioredis redis/topic {param0} event payload=1<{param1}> instance=./nats.js#nc @services/orders/src/bus.ts#Bus.publish',
      'consume services/orders/src/bus.ts:13 nats nats/subject [{param0}] nats queue=workers handler={fn services/orders/src/bus.ts#L13:57} instance=./nats.js#nc @services/orders/src/bus.ts#Bus.subscribe',
      'connection services/orders/src/nats.ts:4 nats nats ${NATS_URL}',
      'client services/orders/src/nats.ts:4 nats connection nc exported',
      'publish services/warehouse/src/bus.ts:9 nats nats/subject {param0} event payload=1<{param1}> instance=./nats.js#nc @services/warehouse/src/bus.ts#Bus.publish',
      'publish services/warehouse/src/bus.ts:9 ioredis redis/topic {param0} event payload=1<{param1}> instance=./nats.js#nc @services/warehouse/src/bus.ts#Bus.publish',
      'consume services/warehouse/src/bus.ts:13 nats nats/subject [{param0}] nats queue=workers handler={fn services/warehouse/src/bus.ts#L13:57} instance=./nats.js#nc @services/warehouse/src/bus.ts#Bus.subscribe',
      'connection services/warehouse/src/nats.ts:4 nats nats ${NATS_URL}',
      'client services/warehouse/src/nats.ts:4 nats connection nc exported',
      'dedupe services/warehouse/src/pick.ts:10 unique-violation catch 11000 @services/warehouse/src/pick.ts#createPickList',
    ]);
  });

  it('confirms the exported NATS connection, fills subjects from imported constants and follows the handler to its duplicate-key catch', () => {
    const { report, links } = analyzeFixture('extract/messaging/nats-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:nats:orders.placed subject broker=datastore:nats:nats',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:nats:orders.placed -consumes-> service:warehouse nats via nats [] services/warehouse/src/main.ts:6',
      'service:orders -publishes-> channel:nats:orders.placed nats via nats [POST /orders] services/orders/src/main.ts:9',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/main.ts:9 (via services/orders/src/bus.ts:9) → channel:nats:orders.placed event [POST /orders] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:warehouse services/warehouse/src/main.ts:6 (via services/warehouse/src/bus.ts:13) ← [channel:nats:orders.placed] subscriptions=[orders.placed] queue=workers handlers=[services/warehouse/src/bus.ts#L13:57, services/warehouse/src/pick.ts#createPickList] dedupe unique-violation (catch 11000) at services/warehouse/src/pick.ts:10',
    ]);
  });
});
