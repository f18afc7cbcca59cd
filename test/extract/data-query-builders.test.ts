import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('knex', () => {
  const DB = 'datastore:postgres:ledger-db/ledger';

  it('reports each builder chain once at its outermost call, with the tables it names', () => {
    const { facts } = extractFixture('extract/data/knex');
    expect(only(facts, 'db-connection').map((c) => [c.driver, c.engine, c.url, c.declaredAs?.name])).toEqual([['knex', 'postgres', [{ env: 'DATABASE_URL' }], 'db']]);
    expect(dataFactLines(facts)).toEqual([
      'ledger/src/accounts.ts:4 knex/knex(?) where read [accounts:read] unconfirmed via ./db.js#db',
      'ledger/src/accounts.ts:8 knex/knex(?) select read [entries:read,accounts:read] unconfirmed via ./db.js#db',
      // built in steps: one fact where it is built
      'ledger/src/accounts.ts:18 knex/knex(?) select read [accounts:read] unconfirmed via ./db.js#db',
      'ledger/src/accounts.ts:24 knex/knex(?) insert write [accounts:write] upsert:ignore unconfirmed via ./db.js#db',
      // db.transaction(async (trx) => ...): trx is the same connection
      'ledger/src/accounts.ts:30 knex/knex(?) decrement write [accounts:write] unconfirmed via ./db.js#db',
      'ledger/src/accounts.ts:31 knex/knex(?) increment write [accounts:write] unconfirmed via ./db.js#db',
      'ledger/src/accounts.ts:32 knex/knex(?) insert write [entries:write] unconfirmed via ./db.js#db',
      'ledger/src/accounts.ts:37 sql/sql(?) raw read [entries:read] via ./db.js#db',
    ]);
  });

  it('confirms the imported instance is knex through its connection', () => {
    const { links, report } = analyzeFixture('extract/data/knex');
    expect(linkedAccessLines(links)).toEqual([
      `ledger/src/accounts.ts:4 db knex where read [accounts:read] → ${DB} (connection DATABASE_URL) {GET /accounts/:id}`,
      `ledger/src/accounts.ts:8 db knex select read [accounts:read,entries:read] → ${DB} (connection DATABASE_URL) {GET /accounts/:id/history}`,
      `ledger/src/accounts.ts:18 db knex select read [accounts:read] → ${DB} (connection DATABASE_URL) {GET /accounts}`,
      `ledger/src/accounts.ts:24 db knex insert write [accounts:write] upsert:ignore → ${DB} (connection DATABASE_URL) {PUT /accounts/:id}`,
      `ledger/src/accounts.ts:30 db knex decrement write [accounts:write] → ${DB} (connection DATABASE_URL) {POST /transfers}`,
      `ledger/src/accounts.ts:31 db knex increment write [accounts:write] → ${DB} (connection DATABASE_URL) {POST /transfers}`,
      `ledger/src/accounts.ts:32 db knex insert write [entries:write] → ${DB} (connection DATABASE_URL) {POST /transfers}`,
      `ledger/src/accounts.ts:37 db knex raw read [entries:read] → ${DB} (connection DATABASE_URL) {GET /totals}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:ledger connects ${DB} declared {}`,
      `service:ledger reads ${DB} [accounts,entries] observed {GET /accounts, GET /accounts/:id, GET /accounts/:id/history, GET /totals}`,
      `service:ledger writes ${DB} [accounts,entries] observed {POST /transfers, PUT /accounts/:id}`,
    ]);
  });
});

describe('drizzle', () => {
  const DB = 'datastore:postgres:blog-db/blog';

  it('records tables, the connection it wraps, and query chains with their table objects', () => {
    const { facts } = extractFixture('extract/data/drizzle');
    expect(only(facts, 'db-model').map((m) => `${m.file}:${m.line} ${m.name} → ${m.table}`)).toEqual([
      'blog/src/schema.ts:3 posts → posts',
      'blog/src/schema.ts:9 comments → post_comments',
      'blog/src/schema.ts:16 views → analytics.post_views',
    ]);
    expect(only(facts, 'db-connection').map((c) => [c.id, c.library, c.driver, c.engine, c.url, c.wraps])).toEqual([
      ['blog/src/db.ts:5:14', 'pg', 'pg', 'postgres', [{ env: 'DATABASE_URL' }], null],
      ['blog/src/db.ts:8:19', 'drizzle-orm/node-postgres', 'drizzle', 'postgres', null, { created: 'blog/src/db.ts:5:14' }],
    ]);
    expect(dataFactLines(facts)).toEqual([
      'blog/src/posts.ts:6 drizzle-orm/drizzle(?) select read [] {./schema.js#posts:read,./schema.js#comments:read} unconfirmed via ./db.js#db',
      'blog/src/posts.ts:10 drizzle-orm/drizzle(?) findMany read [] {posts:read} unconfirmed via ./db.js#db',
      'blog/src/posts.ts:14 drizzle-orm/drizzle(?) insert write [] {./schema.js#posts:write} unconfirmed via ./db.js#db',
      'blog/src/posts.ts:18 drizzle-orm/drizzle(?) insert write [] {./schema.js#views:write} upsert:update unconfirmed via ./db.js#db',
      'blog/src/posts.ts:26 drizzle-orm/drizzle(?) delete write [] {./schema.js#comments:write} unconfirmed via ./db.js#db',
      'blog/src/posts.ts:27 drizzle-orm/drizzle(?) delete write [] {./schema.js#posts:write} unconfirmed via ./db.js#db',
    ]);
  });

  it('maps table objects to tables and follows drizzle to the pool it wraps', () => {
    const { links, report } = analyzeFixture('extract/data/drizzle');
    expect(linkedAccessLines(links)).toEqual([
      `blog/src/posts.ts:6 db drizzle select read [post_comments:read,posts:read] → ${DB} (connection DATABASE_URL) {GET /posts/:id}`,
      `blog/src/posts.ts:10 db drizzle findMany read [posts:read] → ${DB} (connection DATABASE_URL) {GET /posts}`,
      `blog/src/posts.ts:14 db drizzle insert write [posts:write] → ${DB} (connection DATABASE_URL) {POST /posts}`,
      `blog/src/posts.ts:18 db drizzle insert write [analytics.post_views:write] upsert:update → ${DB} (connection DATABASE_URL) {GET /posts/:id}`,
      `blog/src/posts.ts:26 db drizzle delete write [post_comments:write] → ${DB} (connection DATABASE_URL) {DELETE /posts/:id}`,
      `blog/src/posts.ts:27 db drizzle delete write [posts:write] → ${DB} (connection DATABASE_URL) {DELETE /posts/:id}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:blog connects ${DB} declared {}`,
      `service:blog reads ${DB} [post_comments,posts] observed {GET /posts, GET /posts/:id}`,
      `service:blog writes ${DB} [analytics.post_views,post_comments,posts] observed {DELETE /posts/:id, GET /posts/:id, POST /posts}`,
    ]);
  });
});
