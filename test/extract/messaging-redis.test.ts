import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('redis pub/sub and streams', () => {
  it('records ioredis publish, subscribe with the message listener on the same client, psubscribe and a joi-validated payload', () => {
    const { facts } = extractFixture('extract/messaging/redis-pubsub');
    expect(messagingFacts(facts)).toEqual([
      'schema services/catalog/src/index.ts:5 joi PriceChanged',
      'connection services/catalog/src/index.ts:6 ioredis redis ${REDIS_URL}',
      'client services/catalog/src/index.ts:6 redis client pub',
      'publish services/catalog/src/index.ts:13 ioredis redis/topic catalog.price-changed event payload=1<{param0}> @services/catalog/src/index.ts#L11:25',
      'validated services/catalog/src/index.ts:13 arg1 (checked at 12) joi attempt PriceChanged',
      'validated services/catalog/src/index.ts:14 arg0 (checked at 12) joi attempt PriceChanged',
      'publish services/catalog/src/index.ts:18 ioredis redis/topic catalog.product-removed event payload=1<{param0}> @services/catalog/src/index.ts#L17:30',
      'connection services/search/src/index.ts:3 ioredis redis ${REDIS_URL}',
      'client services/search/src/index.ts:3 redis client sub',
      'consume services/search/src/index.ts:4 ioredis redis/topic [catalog.price-changed, catalog.product-removed] exact queue=- handler=- client=services/search/src/index.ts#:sub @services/search/src/index.ts#',
      'consume services/search/src/index.ts:5 ioredis redis/topic [] exact queue=- handler={fn services/search/src/index.ts#L5:19} client=services/search/src/index.ts#:sub @services/search/src/index.ts#',
      'connection services/search/src/index.ts:10 ioredis redis ${REDIS_URL}',
      'client services/search/src/index.ts:10 redis client feed',
      'consume services/search/src/index.ts:11 ioredis redis/topic [catalog.*] glob queue=- handler=- client=services/search/src/index.ts#:feed @services/search/src/index.ts#',
      'consume services/search/src/index.ts:12 ioredis redis/topic [] exact queue=- handler={fn services/search/src/index.ts#L12:21} client=services/search/src/index.ts#:feed @services/search/src/index.ts#',
    ]);
  });

  it('links channels to subscribers and glob patterns; the listener registered on the client handles its subscriptions', () => {
    const { report, links } = analyzeFixture('extract/messaging/redis-pubsub');
    expect(channelLines(report)).toEqual([
      'channel:redis:catalog.price-changed topic broker=datastore:redis:events',
      'channel:redis:catalog.product-removed topic broker=datastore:redis:events',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:redis:catalog.price-changed -consumes-> service:search redis via ioredis [] services/search/src/index.ts:4 services/search/src/index.ts:11',
      'channel:redis:catalog.product-removed -consumes-> service:search redis via ioredis [] services/search/src/index.ts:4 services/search/src/index.ts:11',
      'service:catalog -publishes-> channel:redis:catalog.price-changed redis via ioredis [PUT /prices/:sku] services/catalog/src/index.ts:13',
      'service:catalog -publishes-> channel:redis:catalog.product-removed redis via ioredis [DELETE /products/:sku] services/catalog/src/index.ts:18',
    ]);
    expect(publishLines(links)).toEqual([
      'service:catalog services/catalog/src/index.ts:13 → channel:redis:catalog.price-changed event [PUT /prices/:sku] validated joi:PriceChanged attempt at services/catalog/src/index.ts:12',
      'service:catalog services/catalog/src/index.ts:18 → channel:redis:catalog.product-removed event [DELETE /products/:sku] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:search services/search/src/index.ts:11 ← [channel:redis:catalog.price-changed, channel:redis:catalog.product-removed] subscriptions=[catalog.*] queue=- handlers=[services/search/src/index.ts#L12:21] no dedupe',
      'service:search services/search/src/index.ts:4 ← [channel:redis:catalog.price-changed, channel:redis:catalog.product-removed] subscriptions=[catalog.price-changed, catalog.product-removed] queue=- handlers=[services/search/src/index.ts#L5:19] no dedupe',
    ]);
  });

  it('sees publish and xAdd on a node-redis client exported by another module, pSubscribe with a listener, and a stream read by a consumer group', () => {
    const { facts } = extractFixture('extract/messaging/redis-pubsub-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'publish services/accounts/src/notifier.ts:7 nats nats/subject {param0} event payload=1<{param1}> instance=./redis.js#redis @services/accounts/src/notifier.ts#Notifier.notify',
      'publish services/accounts/src/notifier.ts:7 ioredis redis/topic {param0} event payload=1<{param1}> instance=./redis.js#redis @services/accounts/src/notifier.ts#Notifier.notify',
      'publish services/accounts/src/notifier.ts:8 ioredis redis/stream {STREAMS} event payload=2<{param0},{param1}> instance=./redis.js#redis @services/accounts/src/notifier.ts#Notifier.notify',
      'connection services/accounts/src/redis.ts:4 redis redis ${REDIS_URL}',
      'client services/accounts/src/redis.ts:4 redis client redis exported',
      'connection services/audit/src/main.ts:4 redis redis ${REDIS_URL}',
      'client services/audit/src/main.ts:4 redis client client',
      'consume services/audit/src/main.ts:10 redis redis/topic [user:*] glob queue=- handler={fn services/audit/src/main.ts#L10:32} client=services/audit/src/main.ts#:sub @services/audit/src/main.ts#',
      'consume services/audit/src/main.ts:15 redis redis/stream [{STREAMS}] exact queue=auditors handler={fn services/audit/src/main.ts#drain} client=services/audit/src/main.ts#:client @services/audit/src/main.ts#drain',
      'dedupe services/audit/src/main.ts:18 processed-lookup sIsMember audit:processed @services/audit/src/main.ts#drain',
      'dedupe services/audit/src/main.ts:20 processed-lookup sAdd audit:processed @services/audit/src/main.ts#drain',
    ]);
  });

  it('fills channels from imported constants through a notifier class and finds the processed-ids set before the stream is handled', () => {
    const { report, links } = analyzeFixture('extract/messaging/redis-pubsub-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:redis:audit-log stream broker=datastore:redis:bus',
      'channel:redis:user:deleted topic broker=datastore:redis:bus',
      'channel:redis:user:updated topic broker=datastore:redis:bus',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:redis:audit-log -consumes-> service:audit redis via redis [] services/audit/src/main.ts:15',
      'channel:redis:user:deleted -consumes-> service:audit redis via redis [] services/audit/src/main.ts:10',
      'channel:redis:user:updated -consumes-> service:audit redis via redis [] services/audit/src/main.ts:10',
      'service:accounts -publishes-> channel:redis:audit-log redis via redis [DELETE /users/:id, PATCH /users/:id] services/accounts/src/notifier.ts:8',
      'service:accounts -publishes-> channel:redis:user:deleted redis via redis [DELETE /users/:id] services/accounts/src/main.ts:12',
      'service:accounts -publishes-> channel:redis:user:updated redis via redis [PATCH /users/:id] services/accounts/src/main.ts:8',
    ]);
    expect(publishLines(links)).toEqual([
      'service:accounts services/accounts/src/main.ts:12 (via services/accounts/src/notifier.ts:7) → channel:redis:user:deleted event [DELETE /users/:id] unvalidated',
      'service:accounts services/accounts/src/main.ts:8 (via services/accounts/src/notifier.ts:7) → channel:redis:user:updated event [PATCH /users/:id] unvalidated',
      'service:accounts services/accounts/src/notifier.ts:8 → channel:redis:audit-log event [DELETE /users/:id, PATCH /users/:id] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:audit services/audit/src/main.ts:10 ← [channel:redis:user:deleted, channel:redis:user:updated] subscriptions=[user:*] queue=- handlers=[services/audit/src/main.ts#L10:32] no dedupe',
      'service:audit services/audit/src/main.ts:15 ← [channel:redis:audit-log] subscriptions=[audit-log] queue=auditors handlers=[services/audit/src/main.ts#drain] dedupe processed-lookup (sIsMember audit:processed) at services/audit/src/main.ts:18',
    ]);
  });
});
