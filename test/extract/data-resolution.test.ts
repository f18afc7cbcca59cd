import { describe, expect, it } from 'vitest';
import { dataEdgeLines, endpointDataLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture } from '../helpers/extract.js';

const ORDERS = 'datastore:postgres:orders-db/orders';
const WAREHOUSE = 'datastore:postgres:warehouse-db/warehouse';

describe('which database a query hits, with two Postgres databases in one service', () => {
  it('follows the pool (import, constructor hand-off, argument) and attributes nothing it cannot follow', () => {
    const { links } = analyzeFixture('extract/data/two-databases');
    expect(linkedAccessLines(links)).toEqual([
      // countRows(orders, 'orders') and countRows(warehouse, 'order_facts'): the pool and the table are arguments
      `reports/src/counts.ts:5 db pg query read [order_facts:read] → ${WAREHOUSE} (connection WAREHOUSE_URL) {GET /counts}`,
      `reports/src/counts.ts:5 db pg query read [orders:read] → ${ORDERS} (connection ORDERS_DATABASE_URL) {GET /counts}`,
      // new FactsWriter(warehouse): into the class through its constructor
      `reports/src/facts-writer.ts:8 db pg query write [order_facts:write] → ${WAREHOUSE} (connection WAREHOUSE_URL) {POST /facts/:day}`,
      `reports/src/facts-writer.ts:9 db pg query write [order_facts:write] → ${WAREHOUSE} (connection WAREHOUSE_URL) {POST /facts/:day}`,
      // decided at run time: two candidates, no guess
      `reports/src/index.ts:21 db sql query read [search_index:read] → none [${ORDERS} ${WAREHOUSE}] {GET /search}`,
      `reports/src/recent-orders.ts:5 db pg query read [orders:read] → ${ORDERS} (connection ORDERS_DATABASE_URL) {GET /orders/recent}`,
    ]);
    expect(links.dataAccess?.connections.map((c) => [c.id, c.datastores, c.via])).toEqual([
      ['reports/src/db.ts:3:23', [ORDERS], ['ORDERS_DATABASE_URL']],
      ['reports/src/db.ts:4:26', [WAREHOUSE], ['WAREHOUSE_URL']],
    ]);
    expect(endpointDataLines(links)).toEqual([
      `GET /counts reads [orders@${ORDERS}, order_facts@${WAREHOUSE}] writes []`,
      `GET /orders/recent reads [orders@${ORDERS}] writes []`,
      'GET /search reads [search_index@?] writes []',
      `POST /facts/:day reads [] writes [order_facts@${WAREHOUSE}]`,
    ]);
  });

  it('puts tables only on the database that holds them and adds no edge for the ambiguous query', () => {
    const { report } = analyzeFixture('extract/data/two-databases');
    expect(dataEdgeLines(report)).toEqual([
      `service:reports connects ${ORDERS} declared {}`,
      `service:reports reads ${ORDERS} [orders] observed {GET /counts, GET /orders/recent}`,
      `service:reports connects ${WAREHOUSE} declared {}`,
      `service:reports reads ${WAREHOUSE} [order_facts] observed {GET /counts}`,
      `service:reports writes ${WAREHOUSE} [order_facts] observed {POST /facts/:day}`,
    ]);
    expect(report.datastores.map((d) => [d.id, d.tables])).toEqual([
      [ORDERS, ['orders']],
      [WAREHOUSE, ['order_facts']],
    ]);
  });
});
