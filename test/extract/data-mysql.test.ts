import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const CATALOG = 'datastore:mysql:catalog-db/catalog';
const STOCK = 'datastore:mariadb:stock-db/stock';

describe('mysql2', () => {
  it('records pools from a URL and from host plus database, and queries with their tables', () => {
    const { facts } = extractFixture('extract/data/mysql2');
    expect(only(facts, 'db-connection').map((c) => [c.line, c.library, c.driver, c.engine, c.url, c.host, c.database, c.declaredAs?.name])).toEqual([
      [4, 'mysql2/promise', 'mysql2', 'mysql', [{ env: 'MYSQL_URL', fallback: 'mysql://localhost/catalog' }], null, null, 'catalog'],
      [7, 'mysql2/promise', 'mysql2', 'mysql', null, [{ env: 'STOCK_DB_HOST' }], [{ lit: 'stock' }], 'stock'],
    ]);
    expect(dataFactLines(facts)).toEqual([
      'catalog/src/products.ts:4 sql/sql(?) execute read [products:read] via ./db.js#catalog',
      'catalog/src/products.ts:10 sql/sql(?) execute write [prices:write] upsert:update via ./db.js#catalog',
      // conn = await stock.getConnection(): still the stock pool
      'catalog/src/products.ts:20 sql/sql(?) query write [stock_levels:write] via ./db.js#stock',
      'catalog/src/products.ts:21 sql/sql(?) query write [stock_levels:write] via ./db.js#stock',
      'catalog/src/products.ts:22 sql/sql(?) query both [reservations:write,stock_levels:read] via ./db.js#stock',
    ]);
  });

  it('attributes each query to the server and database of its pool', () => {
    const { links, report } = analyzeFixture('extract/data/mysql2');
    expect(linkedAccessLines(links)).toEqual([
      `catalog/src/products.ts:4 db mysql2 execute read [products:read] → ${CATALOG} (connection MYSQL_URL) {GET /products/:sku}`,
      `catalog/src/products.ts:10 db mysql2 execute write [prices:write] upsert:update → ${CATALOG} (connection MYSQL_URL) {PUT /products/:sku/price}`,
      `catalog/src/products.ts:20 db mysql2 query write [stock_levels:write] → ${STOCK} (connection STOCK_DB_HOST) {POST /stock/moves}`,
      `catalog/src/products.ts:21 db mysql2 query write [stock_levels:write] → ${STOCK} (connection STOCK_DB_HOST) {POST /stock/moves}`,
      `catalog/src/products.ts:22 db mysql2 query both [reservations:write,stock_levels:read] → ${STOCK} (connection STOCK_DB_HOST) {POST /stock/moves}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:catalog connects ${STOCK} declared {}`,
      `service:catalog reads ${STOCK} [stock_levels] observed {POST /stock/moves}`,
      `service:catalog writes ${STOCK} [reservations,stock_levels] observed {POST /stock/moves}`,
      `service:catalog connects ${CATALOG} declared {}`,
      `service:catalog reads ${CATALOG} [products] observed {GET /products/:sku}`,
      `service:catalog writes ${CATALOG} [prices] observed {PUT /products/:sku/price}`,
    ]);
  });
});
