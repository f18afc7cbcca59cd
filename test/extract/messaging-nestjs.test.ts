import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('NestJS microservice events', () => {
  it('records emit on a client injected by token, the RMQ registration and the microservice it listens on, and @EventPattern handlers', () => {
    const { facts } = extractFixture('extract/messaging/nestjs');
    expect(messagingFacts(facts)).toEqual([
      'connection services/notifications/src/main.ts:9 @nestjs/microservices rabbitmq ${AMQP_URL} nest server(-)',
      'consume services/notifications/src/notifications.controller.ts:10 @nestjs/microservices rabbitmq/topic [order_placed] exact queue=- handler={fn services/notifications/src/notifications.controller.ts#NotificationsController.onOrderPlaced} nest(-) @services/notifications/src/notifications.controller.ts#',
      'dedupe services/notifications/src/notifications.controller.ts:12 insert-ignore .orIgnore() @services/notifications/src/notifications.controller.ts#NotificationsController.onOrderPlaced',
      'connection services/orders/src/orders.module.ts:8 @nestjs/microservices rabbitmq ${AMQP_URL} nest client(EVENTS)',
      'publish services/orders/src/orders.service.ts:10 @nestjs/microservices rabbitmq/topic order_placed event payload=1<{param0}> nest(EVENTS) @services/orders/src/orders.service.ts#OrdersService.place',
    ]);
  });

  it('sends events over the transport the token is registered with and delivers them to the services that listen on it', () => {
    const { report, links } = analyzeFixture('extract/messaging/nestjs');
    expect(channelLines(report)).toEqual([
      'channel:rabbitmq:order_placed topic broker=datastore:rabbitmq:rabbitmq',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:rabbitmq:order_placed -consumes-> service:notifications amqp via @nestjs/microservices [] services/notifications/src/notifications.controller.ts:10',
      'service:orders -publishes-> channel:rabbitmq:order_placed amqp via @nestjs/microservices [POST /orders] services/orders/src/orders.service.ts:10',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/orders.service.ts:10 → channel:rabbitmq:order_placed event [POST /orders] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:notifications services/notifications/src/notifications.controller.ts:10 ← [channel:rabbitmq:order_placed] subscriptions=[order_placed] queue=- handlers=[services/notifications/src/notifications.controller.ts#NotificationsController.onOrderPlaced] dedupe insert-ignore (.orIgnore()) at services/notifications/src/notifications.controller.ts:12',
    ]);
  });

  it('keeps tokens and patterns imported from other modules, and the Kafka server of a hybrid application', () => {
    const { facts } = extractFixture('extract/messaging/nestjs-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'connection services/catalog/src/catalog.module.ts:8 @nestjs/microservices kafka ${KAFKA_BROKERS} nest client({CATALOG_EVENTS})',
      'publish services/catalog/src/catalog.service.ts:15 @nestjs/microservices rabbitmq/topic {TOPICS} event payload=1<{param0},{param1}> nest({CATALOG_EVENTS}) @services/catalog/src/catalog.service.ts#CatalogService.updateProduct',
      'publish services/catalog/src/catalog.service.ts:17 @nestjs/microservices rabbitmq/topic reindex event payload=1<{param0}> nest({SEARCH_RPC}) @services/catalog/src/catalog.service.ts#CatalogService.updateProduct',
      'connection services/search/src/main.ts:11 @nestjs/microservices kafka ${KAFKA_BROKERS} nest server(-)',
      'consume services/search/src/search.controller.ts:8 @nestjs/microservices rabbitmq/topic [{TOPICS}] exact queue=- handler={fn services/search/src/search.controller.ts#SearchController.onProductUpdated} nest(-) @services/search/src/search.controller.ts#',
    ]);
  });

  it('takes the broker from the token (Kafka), leaves out events over TCP, and matches the pattern constant on both sides', () => {
    const { report, links } = analyzeFixture('extract/messaging/nestjs-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:kafka:catalog.product-updated topic broker=datastore:kafka:kafka',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:kafka:catalog.product-updated -consumes-> service:search kafka via @nestjs/microservices [] services/search/src/search.controller.ts:8',
      'service:catalog -publishes-> channel:kafka:catalog.product-updated kafka via @nestjs/microservices [] services/catalog/src/catalog.service.ts:15',
    ]);
    expect(publishLines(links)).toEqual([
      'service:catalog services/catalog/src/catalog.service.ts:15 → channel:kafka:catalog.product-updated event [] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:search services/search/src/search.controller.ts:8 ← [channel:kafka:catalog.product-updated] subscriptions=[catalog.product-updated] queue=- handlers=[services/search/src/search.controller.ts#SearchController.onProductUpdated] no dedupe',
    ]);
  });
});
