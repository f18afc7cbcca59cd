import { describe, expect, it } from 'vitest';
import { analyzeFixture, extractFixture } from '../helpers/extract.js';
import { channelLines, consumerLines, messageEdgeLines, messagingFacts, publishLines } from './messaging-lines.js';

describe('bullmq', () => {
  it('records queue.add with the queue it was created for, and a Worker with its processor and connection', () => {
    const { facts } = extractFixture('extract/messaging/bullmq');
    expect(messagingFacts(facts)).toEqual([
      'connection services/api/src/index.ts:5 bullmq bullmq redis://${REDIS_HOST}:6379',
      'client services/api/src/index.ts:5 bullmq queue emails emails',
      'publish services/api/src/index.ts:12 bullmq bullmq/queue emails event payload=1<{param0}> @services/api/src/index.ts#L10:21',
      'connection services/worker/src/index.ts:10 bullmq bullmq redis://${REDIS_HOST}:6379',
      'consume services/worker/src/index.ts:10 bullmq bullmq/queue [emails] exact queue=emails handler={fn services/worker/src/index.ts#sendMail} @services/worker/src/index.ts#',
    ]);
  });

  it('links the queue from the endpoint that adds jobs to the worker, on the Redis the connection names', () => {
    const { report, links } = analyzeFixture('extract/messaging/bullmq');
    expect(channelLines(report)).toEqual([
      'channel:bullmq:emails queue broker=datastore:redis:redis',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:bullmq:emails -consumes-> service:worker redis via bullmq [] services/worker/src/index.ts:10',
      'service:api -publishes-> channel:bullmq:emails redis via bullmq [POST /signup] services/api/src/index.ts:12',
    ]);
    expect(publishLines(links)).toEqual([
      'service:api services/api/src/index.ts:12 → channel:bullmq:emails event [POST /signup] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:worker services/worker/src/index.ts:10 ← [channel:bullmq:emails] subscriptions=[emails] queue=emails handlers=[services/worker/src/index.ts#sendMail] no dedupe',
    ]);
  });

  it('finds the queue of an @InjectQueue member and of a queue exported by another module', () => {
    const { facts } = extractFixture('extract/messaging/bullmq-wrapper');
    expect(messagingFacts(facts)).toEqual([
      'client services/dashboard/src/queues/exports.ts:6 bullmq queue exportQueue exported {QUEUES}',
      'connection services/dashboard/src/queues/exports.ts:6 ioredis redis ${REDIS_URL}',
      'publish services/dashboard/src/reports.service.ts:12 bullmq bullmq/queue reports event payload=1<{param0},{param1}> @services/dashboard/src/reports.service.ts#ReportsService.scheduleMonthly',
      'publish services/dashboard/src/reports.service.ts:16 bullmq bullmq/queue  event payload=1<{param0}> instance=./queues/exports.js#exportQueue @services/dashboard/src/reports.service.ts#ReportsService.exportCsv',
      'dedupe services/reporter/src/jobs/monthly.ts:8 processed-lookup processedJob.findUnique() @services/reporter/src/jobs/monthly.ts#buildMonthlyReport',
      'dedupe services/reporter/src/jobs/monthly.ts:11 processed-lookup processedJob.create() @services/reporter/src/jobs/monthly.ts#buildMonthlyReport',
      'connection services/reporter/src/main.ts:5 ioredis redis ${REDIS_URL}',
      'client services/reporter/src/main.ts:5 redis client connection',
      'consume services/reporter/src/main.ts:7 bullmq bullmq/queue [reports] exact queue=reports handler={buildMonthlyReport} @services/reporter/src/main.ts#',
      'consume services/reporter/src/main.ts:8 bullmq bullmq/queue [csv-exports] exact queue=csv-exports handler={fn services/reporter/src/main.ts#L8:27} @services/reporter/src/main.ts#',
    ]);
  });

  it('fills the queue name from an imported constant, resolves the Valkey broker through the manifests and follows the processor into a processed-jobs lookup', () => {
    const { report, links } = analyzeFixture('extract/messaging/bullmq-wrapper');
    expect(channelLines(report)).toEqual([
      'channel:bullmq:csv-exports queue broker=datastore:valkey:jobs-redis',
      'channel:bullmq:reports queue broker=datastore:valkey:jobs-redis',
    ]);
    expect(messageEdgeLines(report)).toEqual([
      'channel:bullmq:csv-exports -consumes-> service:reporter redis via bullmq [] services/reporter/src/main.ts:8',
      'channel:bullmq:reports -consumes-> service:reporter redis via bullmq [] services/reporter/src/main.ts:7',
      'service:dashboard -publishes-> channel:bullmq:csv-exports redis via bullmq [] services/dashboard/src/reports.service.ts:16',
      'service:dashboard -publishes-> channel:bullmq:reports redis via bullmq [] services/dashboard/src/reports.service.ts:12',
    ]);
    expect(publishLines(links)).toEqual([
      'service:dashboard services/dashboard/src/reports.service.ts:12 → channel:bullmq:reports event [] unvalidated',
      'service:dashboard services/dashboard/src/reports.service.ts:16 → channel:bullmq:csv-exports event [] unvalidated',
    ]);
    expect(consumerLines(links)).toEqual([
      'service:reporter services/reporter/src/main.ts:7 ← [channel:bullmq:reports] subscriptions=[reports] queue=reports handlers=[services/reporter/src/jobs/monthly.ts#buildMonthlyReport] dedupe processed-lookup (processedJob.findUnique()) at services/reporter/src/jobs/monthly.ts:8',
      'service:reporter services/reporter/src/main.ts:8 ← [channel:bullmq:csv-exports] subscriptions=[csv-exports] queue=csv-exports handlers=[services/reporter/src/main.ts#L8:27] no dedupe',
    ]);
  });
});
