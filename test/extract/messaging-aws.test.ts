import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('AWS SQS and SNS', () => {
  it('records SDK v3 SendMessageCommand and PublishCommand with their queue URL and topic ARN, a class-validator check before the send, and an sqs-consumer handler', () => {
    const { facts } = extractFixture('extract/messaging/aws');
    expect(messagingFacts(facts)).toEqual([
      'consume services/fulfillment/src/index.ts:4 sqs-consumer sqs/queue [${ORDERS_QUEUE_URL}] exact queue=${ORDERS_QUEUE_URL} handler={fn services/fulfillment/src/index.ts#L7:18} @services/fulfillment/src/index.ts#',
      'connection services/fulfillment/src/index.ts:6 @aws-sdk/client-sqs sqs ${AWS_ENDPOINT}',
      'connection services/orders/src/index.ts:8 @aws-sdk/client-sqs sqs ${AWS_ENDPOINT}',
      'connection services/orders/src/index.ts:9 @aws-sdk/client-sns sns ${AWS_ENDPOINT}',
      'publish services/orders/src/index.ts:18 @aws-sdk/client-sqs sqs/queue ${ORDERS_QUEUE_URL} event payload=0<{param0}> @services/orders/src/index.ts#L14:21',
      'validated services/orders/src/index.ts:19 arg0 (checked at 16) class-validator validateOrReject ./order-created.dto.js#OrderCreatedDto',
      'publish services/orders/src/index.ts:19 @aws-sdk/client-sns sns/topic ${ORDER_EVENTS_TOPIC_ARN} event payload=0<{param0}> @services/orders/src/index.ts#L14:21',
      'validated services/orders/src/index.ts:20 arg0 (checked at 16) class-validator validateOrReject ./order-created.dto.js#OrderCreatedDto',
      'schema services/orders/src/order-created.dto.ts:3 class-validator OrderCreatedDto exported',
    ]);
  });

  it('names channels after the queue URL and topic ARN the manifests give, on the LocalStack broker the endpoint points at', () => {
    const { report, links } = analyzeFixture('extract/messaging/aws');
    expect(channelLines(report)).toEqual([
      'channel:sns:order-events topic broker=datastore:localstack:localstack',
      'channel:sqs:orders queue broker=datastore:localstack:localstack',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:sqs:orders -consumes-> service:fulfillment sqs via sqs-consumer [] services/fulfillment/src/index.ts:4',
      'service:orders -publishes-> channel:sns:order-events sns via @aws-sdk/client-sns [POST /orders] services/orders/src/index.ts:19',
      'service:orders -publishes-> channel:sqs:orders sqs via @aws-sdk/client-sqs [POST /orders] services/orders/src/index.ts:18',
    ]);
    expect(publishLines(links)).toEqual([
      'service:orders services/orders/src/index.ts:18 → channel:sqs:orders event [POST /orders] unvalidated',
      'service:orders services/orders/src/index.ts:19 → channel:sns:order-events event [POST /orders] validated class-validator:OrderCreatedDto validateOrReject at services/orders/src/index.ts:16',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:fulfillment services/fulfillment/src/index.ts:4 ← [channel:sqs:orders] subscriptions=[orders] queue=http://localstack:4566/000000000000/orders handlers=[services/fulfillment/src/index.ts#L7:18] no dedupe',
    ]);
  });

  it('records an SDK v2 sendMessage inside a helper taking the queue URL, and a ReceiveMessageCommand polling loop with a duplicate-entry catch', () => {
    const { facts } = extractFixture('extract/messaging/aws-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'publish services/media/src/jobs.ts:7 aws-sdk sqs/queue {param0} event payload=0<{param1}> @services/media/src/jobs.ts#enqueue',
      'consume services/thumbnailer/src/main.ts:11 @aws-sdk/client-sqs sqs/queue [${THUMBNAILS_QUEUE_URL}] exact queue=${THUMBNAILS_QUEUE_URL} handler={fn services/thumbnailer/src/main.ts#poll} @services/thumbnailer/src/main.ts#poll',
      'dedupe services/thumbnailer/src/main.ts:16 unique-violation catch ER_DUP_ENTRY @services/thumbnailer/src/main.ts#poll',
    ]);
  });

  it('fills the queue URL from a config constant at the helper call, and counts the duplicate-entry catch in the polling loop as dedupe', () => {
    const { report, links } = analyzeFixture('extract/messaging/aws-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:sqs:thumbnails queue broker=-',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:sqs:thumbnails -consumes-> service:thumbnailer sqs via @aws-sdk/client-sqs [] services/thumbnailer/src/main.ts:11',
      'service:media -publishes-> channel:sqs:thumbnails sqs via aws-sdk [POST /images] services/media/src/main.ts:10',
    ]);
    expect(publishLines(links)).toEqual([
      'service:media services/media/src/main.ts:10 (via services/media/src/jobs.ts:7) → channel:sqs:thumbnails event [POST /images] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:thumbnailer services/thumbnailer/src/main.ts:11 ← [channel:sqs:thumbnails] subscriptions=[thumbnails] queue=https://sqs.eu-west-1.amazonaws.com/123456789012/thumbnails handlers=[services/thumbnailer/src/main.ts#poll] dedupe unique-violation (catch ER_DUP_ENTRY) at services/thumbnailer/src/main.ts:16',
    ]);
  });
});
