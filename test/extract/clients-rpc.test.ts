import { describe, expect, it } from 'vitest';
import { analyzeFixture, callLines } from '../helpers/extract.js';
import { backgroundCalls, clientFacts, endpointCalls } from './clients-helpers.js';

describe('@grpc/grpc-js', () => {
  it('records RPCs of generated and loaded clients (promisified too) with their deadline, and exported clients as instances', () => {
    const { calls, instances } = clientFacts('extract/clients/grpc');
    expect(calls).toEqual([
      { file: 'src/clients/recommender.ts', line: 10, library: '@grpc/grpc-js', scope: 'src/clients/recommender.ts#recommendationsFor', protocol: 'grpc', method: 'recommend', url: [{ env: 'RECOMMENDER_ADDR' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null },
    ]);
    expect(instances).toEqual([
      { file: 'src/clients/catalog.ts', line: 8, library: '@grpc/grpc-js', scope: 'src/clients/catalog.ts#', name: 'catalog', exported: true, protocol: 'grpc', base: [{ env: 'CATALOG_ADDR', fallback: 'localhost:50051' }], timeout: { ms: null, from: 'none' }, retry: null },
      { file: 'src/clients/recommender.ts', line: 5, library: '@grpc/grpc-js', scope: 'src/clients/recommender.ts#', name: 'client', exported: false, protocol: 'grpc', base: [{ env: 'RECOMMENDER_ADDR' }], timeout: { ms: null, from: 'none' }, retry: null },
    ]);
  });

  it('turns calls on an imported client into gRPC calls: the RPC name, the deadline of the call, a grpc edge', () => {
    const { links, report } = analyzeFixture('extract/clients/grpc');
    expect(callLines(links)).toEqual([
      'src/clients/recommender.ts:10 @grpc/grpc-js recommend → service:recommender (no timeout (none))',
      'src/index.ts:10 @grpc/grpc-js getProduct → service:catalog (800ms call)',
      'src/index.ts:17 @grpc/grpc-js listProducts → service:catalog (no timeout (none))',
    ]);
    expect(endpointCalls(links)).toEqual([
      ['GET /products', ['src/index.ts:17 timeout none none']],
      ['GET /products/:sku', ['src/index.ts:10 timeout 800 call', 'src/clients/recommender.ts:10 timeout none none']],
    ]);
    expect(report.edges.map((e) => `${e.to} ${e.kind} ${e.protocol} [${(e.endpoints ?? []).join(', ')}]`)).toEqual([
      'service:catalog grpc grpc [GET /products, GET /products/:sku]',
      'service:recommender grpc grpc [GET /products/:sku]',
    ]);
  });
});

describe('NestJS ClientProxy', () => {
  it('records send() as a request-reply call (TCP through a registered token, RabbitMQ through a factory-made client) and HttpService calls, with rxjs timeout and retry', () => {
    const { calls, instances } = clientFacts('extract/clients/nestjs');
    expect(calls).toEqual([
      { file: 'src/billing/billing.client.ts', line: 14, library: '@nestjs/microservices', scope: 'src/billing/billing.client.ts#BillingClient.quote', protocol: 'amqp', method: 'billing.quote', url: [{ env: 'AMQP_URL', fallback: 'amqp://localhost:5672' }], timeout: { ms: 5000, from: 'call' }, inLoop: false, retry: null, channel: [{ lit: 'billing_rpc' }] },
      { file: 'src/catalog/catalog.service.ts', line: 11, library: '@nestjs/axios', scope: 'src/catalog/catalog.service.ts#CatalogService.product', protocol: 'http', method: 'GET', url: [{ lit: '/products/' }, { param: 0, fn: 'src/catalog/catalog.service.ts#CatalogService.product' }], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null, token: '@nestjs/axios' },
      { file: 'src/catalog/catalog.service.ts', line: 17, library: '@nestjs/axios', scope: 'src/catalog/catalog.service.ts#CatalogService.stock', protocol: 'http', method: 'GET', url: [{ lit: '/stock/' }, { param: 0, fn: 'src/catalog/catalog.service.ts#CatalogService.stock' }], timeout: { ms: 800, from: 'call' }, inLoop: false, retry: null, token: '@nestjs/axios' },
      { file: 'src/users/users.service.ts', line: 12, library: '@nestjs/microservices', scope: 'src/users/users.service.ts#UsersService.findOne', protocol: 'tcp', method: '{"cmd":"get_user"}', url: [], timeout: { ms: 2000, from: 'call' }, inLoop: false, retry: { attempts: 2, backoff: false, from: 'call' }, channel: [{ lit: '{"cmd":"get_user"}' }], token: 'USERS_SERVICE' },
      { file: 'src/users/users.service.ts', line: 17, library: '@nestjs/microservices', scope: 'src/users/users.service.ts#UsersService.search', protocol: 'tcp', method: '{"cmd":"search","role":"user"}', url: [], timeout: { ms: null, from: 'none' }, inLoop: false, retry: null, channel: [{ lit: '{"cmd":"search","role":"user"}' }], token: 'USERS_SERVICE' },
    ]);
    expect(instances).toEqual([
      { file: 'src/catalog/catalog.module.ts', line: 8, library: '@nestjs/axios', scope: 'src/catalog/catalog.module.ts#', name: 'HttpService', exported: true, protocol: 'http', base: [{ env: 'CATALOG_URL' }], timeout: { ms: 2500, from: 'instance' }, retry: null, token: '@nestjs/axios' },
      { file: 'src/users/users.module.ts', line: 11, library: '@nestjs/microservices', scope: 'src/users/users.module.ts#', name: 'USERS_SERVICE', exported: true, protocol: 'tcp', base: [{ lit: 'tcp://' }, { env: 'USERS_HOST' }, { lit: ':4001' }], timeout: { ms: null, from: 'none' }, retry: null, token: 'USERS_SERVICE' },
    ]);
  });

  it('takes address and transport from registrations and follows controllers into services: sync tcp and http edges, a connection to the broker', () => {
    const { links, report } = analyzeFixture('extract/clients/nestjs');
    expect(callLines(links)).toEqual([
      'src/billing/billing.client.ts:14 @nestjs/microservices billing.quote → datastore:rabbitmq:rabbitmq (5000ms call)',
      'src/catalog/catalog.service.ts:11 @nestjs/axios GET → service:catalog (2500ms instance)',
      'src/catalog/catalog.service.ts:17 @nestjs/axios GET → service:catalog (800ms call)',
      'src/users/users.service.ts:12 @nestjs/microservices {"cmd":"get_user"} → service:users (2000ms call) retry×2',
      'src/users/users.service.ts:17 @nestjs/microservices {"cmd":"search","role":"user"} → service:users (no timeout (none))',
    ]);
    expect(links.calls.map((c) => [c.protocol, c.url])).toEqual([
      ['amqp', [{ env: 'AMQP_URL', fallback: 'amqp://localhost:5672' }]],
      ['http', [{ env: 'CATALOG_URL' }, { lit: '/products/' }, { param: 0, fn: 'src/catalog/catalog.controller.ts#CatalogController.product' }]],
      ['http', [{ env: 'CATALOG_URL' }, { lit: '/stock/' }, { param: 0, fn: 'src/catalog/catalog.controller.ts#CatalogController.product' }]],
      ['tcp', [{ lit: 'tcp://' }, { env: 'USERS_HOST' }, { lit: ':4001' }]],
      ['tcp', [{ lit: 'tcp://' }, { env: 'USERS_HOST' }, { lit: ':4001' }]],
    ]);
    expect(endpointCalls(links)).toEqual([
      ['GET /products/:sku', ['src/catalog/catalog.service.ts:17 timeout 800 call', 'src/catalog/catalog.service.ts:11 timeout 2500 instance']],
      ['GET /users', ['src/users/users.service.ts:17 timeout none none']],
      ['GET /users/:id', ['src/users/users.service.ts:12 retry 2 timeout 2000 call']],
    ]);
    expect(backgroundCalls(links)).toEqual(['src/billing/billing.client.ts:14 timeout 5000 call']);
    expect(report.edges.map((e) => `${e.to} ${e.kind} ${e.protocol}${e.observed ? ' observed' : ''} [${(e.endpoints ?? []).join(', ')}]`)).toEqual([
      'datastore:rabbitmq:rabbitmq connects amqp observed []',
      'service:catalog http http observed [GET /products/:sku]',
      'service:users http tcp observed [GET /users, GET /users/:id]',
    ]);
  });
});
