import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('prisma', () => {
  const DB = 'datastore:postgres:shop-db/shop';

  it('reads schema.prisma as text: the datasource and the table of every model', () => {
    const { facts } = analyzeFixture('extract/data/prisma');
    expect(only(facts, 'prisma-schema')).toEqual([
      {
        kind: 'prisma-schema',
        file: 'shop/prisma/schema.prisma',
        line: 6,
        library: 'prisma',
        provider: 'postgresql',
        engine: 'postgres',
        url: [{ env: 'DATABASE_URL' }],
        models: [
          { name: 'Customer', table: 'customers', line: 11 },
          { name: 'Order', table: 'orders', line: 19 },
          { name: 'OrderItem', table: 'OrderItem', line: 29 },
        ],
      },
    ]);
  });

  it('records model calls on the client, on a service holding it, and on the transaction client', () => {
    const { facts } = extractFixture('extract/data/prisma');
    expect(only(facts, 'db-connection').map((c) => [c.id, c.driver, c.url, c.declaredAs?.name])).toEqual([['shop/src/db.ts:4:23', 'prisma', null, 'prisma']]);
    expect(dataFactLines(facts)).toEqual([
      'shop/src/customers-service.ts:8 @prisma/client/prisma(?) findUnique read [] {customer:read} via param0@shop/src/customers-service.ts#CustomersService.constructor',
      'shop/src/customers-service.ts:12 @prisma/client/prisma(?) upsert write [] {customer:write} upsert:update via param0@shop/src/customers-service.ts#CustomersService.constructor',
      'shop/src/customers-service.ts:16 @prisma/client/prisma(?) $queryRawUnsafe read [customers:read] via param0@shop/src/customers-service.ts#CustomersService.constructor',
      // an imported client: Prisma's method names say so, the link stage confirms it
      'shop/src/orders.ts:4 @prisma/client/prisma(?) findMany read [] {order:read} unconfirmed via ./db.js#prisma',
      'shop/src/orders.ts:10 @prisma/client/prisma(?) create write [] {order:write} unconfirmed via ./db.js#prisma',
      'shop/src/orders.ts:11 @prisma/client/prisma(?) createMany write [] {orderItem:write} unconfirmed via ./db.js#prisma',
    ]);
  });

  it('maps models to their tables and the client to the schema datasource', () => {
    const { links, report } = analyzeFixture('extract/data/prisma');
    expect(linkedAccessLines(links)).toEqual([
      `shop/src/customers-service.ts:8 db prisma findUnique read [customers:read] → ${DB} (connection DATABASE_URL) {GET /customers}`,
      `shop/src/customers-service.ts:12 db prisma upsert write [customers:write] upsert:update → ${DB} (connection DATABASE_URL) {PUT /customers/:id}`,
      `shop/src/customers-service.ts:16 db prisma $queryRawUnsafe read [customers:read] → ${DB} (connection DATABASE_URL) {GET /customers/recent/count}`,
      `shop/src/orders.ts:4 db prisma findMany read [orders:read] → ${DB} (connection DATABASE_URL) {GET /customers/:id/orders}`,
      `shop/src/orders.ts:10 db prisma create write [orders:write] → ${DB} (connection DATABASE_URL) {POST /customers/:id/orders}`,
      `shop/src/orders.ts:11 db prisma createMany write [OrderItem:write] → ${DB} (connection DATABASE_URL) {POST /customers/:id/orders}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:shop connects ${DB} declared {}`,
      `service:shop reads ${DB} [customers,orders] observed {GET /customers, GET /customers/:id/orders, GET /customers/recent/count}`,
      `service:shop writes ${DB} [OrderItem,customers,orders] observed {POST /customers/:id/orders, PUT /customers/:id}`,
    ]);
    expect(report.generatedFrom.manifests).toContain('shop/prisma/schema.prisma');
  });
});

describe('typeorm', () => {
  const DB = 'datastore:mysql:tickets-db/tickets';

  it('records entities with their tables, the data source and repository, manager and query builder calls', () => {
    const { facts } = extractFixture('extract/data/typeorm');
    expect(only(facts, 'db-model').map((m) => `${m.file}:${m.line} ${m.name} → ${m.table}`)).toEqual([
      'tickets/src/entities/ticket-comment.ts:4 TicketComment → ticket_comment',
      'tickets/src/entities/ticket.ts:3 Ticket → tickets',
    ]);
    expect(only(facts, 'db-connection').map((c) => [c.driver, c.engine, c.url, c.host, c.database, c.declaredAs?.name])).toEqual([
      ['typeorm', 'mysql', null, [{ env: 'DB_HOST' }], [{ env: 'DB_NAME' }], 'AppDataSource'],
    ]);
    expect(dataFactLines(facts)).toEqual([
      'tickets/src/tickets-service.ts:11 typeorm/typeorm(?) find read [] {./entities/ticket.js#Ticket:read} via ./data-source.js#AppDataSource',
      'tickets/src/tickets-service.ts:15 typeorm/typeorm(?) update write [] {./entities/ticket.js#Ticket:write} unconfirmed via ./data-source.js#AppDataSource',
      'tickets/src/tickets-service.ts:19 typeorm/typeorm(?) insert write [] {./entities/ticket-comment.js#TicketComment:write} unconfirmed via ./data-source.js#AppDataSource.manager',
      'tickets/src/tickets-service.ts:23 typeorm/typeorm(?) getOne read [] {./entities/ticket.js#Ticket:read,./entities/ticket-comment.js#TicketComment:read} via ./data-source.js#AppDataSource',
    ]);
  });

  it('maps entities to tables on the data source host and database', () => {
    const { links, report } = analyzeFixture('extract/data/typeorm');
    expect(linkedAccessLines(links)).toEqual([
      `tickets/src/tickets-service.ts:11 db typeorm find read [tickets:read] → ${DB} (connection DB_HOST) {GET /tickets}`,
      `tickets/src/tickets-service.ts:15 db typeorm update write [tickets:write] → ${DB} (connection DB_HOST) {POST /tickets/:id/close}`,
      `tickets/src/tickets-service.ts:19 db typeorm insert write [ticket_comment:write] → ${DB} (connection DB_HOST) {POST /tickets/:id/comments}`,
      `tickets/src/tickets-service.ts:23 db typeorm getOne read [ticket_comment:read,tickets:read] → ${DB} (connection DB_HOST) {GET /tickets/:id}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:tickets connects ${DB} declared {}`,
      `service:tickets reads ${DB} [ticket_comment,tickets] observed {GET /tickets, GET /tickets/:id}`,
      `service:tickets writes ${DB} [ticket_comment,tickets] observed {POST /tickets/:id/close, POST /tickets/:id/comments}`,
    ]);
  });
});
