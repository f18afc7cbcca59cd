import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, endpointDataLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

const DB = 'datastore:postgres:accounts-db/accounts';

describe('pg: one service, one database', () => {
  it('records the pool, where it goes, and every query with its tables at the line of its SQL', () => {
    const { facts } = extractFixture('extract/data/pg');
    expect(only(facts, 'db-connection')).toEqual([
      {
        kind: 'db-connection',
        file: 'accounts/src/db.ts',
        line: 4,
        library: 'pg',
        scope: 'accounts/src/db.ts#',
        id: 'accounts/src/db.ts:4:21',
        driver: 'pg',
        engine: 'postgres',
        url: [{ env: 'DATABASE_URL' }],
        host: null,
        database: null,
        wraps: null,
        declaredAs: { name: 'pool', exported: true, topLevel: true, member: false },
      },
    ]);
    expect(dataFactLines(facts)).toEqual([
      // the whole statement is a constant of another module: read at link time
      'accounts/src/accounts-repository.ts:5 sql/sql(?) query unknown [] partial unconfirmed via ./db.js#pool',
      // a table name from a constant of another module
      'accounts/src/accounts-repository.ts:10 sql/sql(?) query read [${TABLES.ledger}:read=[{"ref":{"module":"./sql.js","name":"TABLES","path":["ledger"],"from":"accounts/src/accounts-repository.ts"}}]] partial via ./db.js#pool',
      'accounts/src/accounts-repository.ts:16 sql/sql(?) query write [accounts:write] upsert:ignore via ./db.js#pool',
      'accounts/src/accounts-repository.ts:23 sql/sql(?) query write [accounts:write] via ./db.js#pool',
      // a repository class that gets the pool through its constructor
      'accounts/src/statements-repository.ts:9 pg/pg(postgres) query read [accounts:read,statements:read] via param0@accounts/src/statements-repository.ts#StatementsRepository.constructor',
      'accounts/src/statements-repository.ts:19 pg/pg(postgres) query both [ledger_entries:read,statements:write] via param0@accounts/src/statements-repository.ts#StatementsRepository.constructor',
      // withTransaction(pool, async (client) => ...): an untyped client; BEGIN/COMMIT/ROLLBACK are not data access
      'accounts/src/transfers.ts:6 sql/sql(?) query read [accounts:read] locking via param0@accounts/src/transfers.ts#L5:32',
      'accounts/src/transfers.ts:8 sql/sql(?) query write [accounts:write] via param0@accounts/src/transfers.ts#L5:32',
      'accounts/src/transfers.ts:9 sql/sql(?) query write [accounts:write] via param0@accounts/src/transfers.ts#L5:32',
      'accounts/src/transfers.ts:10 sql/sql(?) query write [ledger_entries:write] via param0@accounts/src/transfers.ts#L5:32',
    ]);
    expect(only(facts, 'db-handoff')).toEqual([
      {
        kind: 'db-handoff',
        file: 'accounts/src/index.ts',
        line: 10,
        library: 'code',
        scope: 'accounts/src/index.ts#',
        target: { module: './statements-repository.js', name: 'StatementsRepository', member: 'constructor' },
        args: [{ handle: [{ ref: { module: './db.js', name: 'pool', path: [], from: 'accounts/src/index.ts' } }] }],
        values: [null],
      },
    ]);
    expect(only(facts, 'sql-text')).toEqual([
      {
        kind: 'sql-text',
        file: 'accounts/src/sql.ts',
        line: 4,
        library: 'sql',
        text: 'SELECT id, owner, balance_cents FROM accounts WHERE id = $1',
        operation: 'read',
        tables: [{ name: 'accounts', access: 'read' }],
        upsert: false,
        conflict: null,
        locking: false,
      },
    ]);
  });

  it('follows the pool through imports and the constructor, fills in constants, and says how each query was attributed', () => {
    const { links } = analyzeFixture('extract/data/pg');
    expect(linkedAccessLines(links)).toEqual([
      `accounts/src/accounts-repository.ts:5 db pg query read [accounts:read] → ${DB} (connection DATABASE_URL) {GET /accounts/:id}`,
      `accounts/src/accounts-repository.ts:10 db pg query read [ledger_entries:read] → ${DB} (connection DATABASE_URL) {GET /accounts/:id/entries}`,
      `accounts/src/accounts-repository.ts:16 db pg query write [accounts:write] upsert:ignore → ${DB} (connection DATABASE_URL) {PUT /accounts/:id}`,
      `accounts/src/accounts-repository.ts:23 db pg query write [accounts:write] → ${DB} (connection DATABASE_URL) {GET /accounts/:id}`,
      `accounts/src/statements-repository.ts:9 db pg query read [accounts:read,statements:read] → ${DB} (connection DATABASE_URL) {GET /accounts/:id/statements/:month}`,
      `accounts/src/statements-repository.ts:19 db pg query both [ledger_entries:read,statements:write] → ${DB} (connection DATABASE_URL) {POST /accounts/:id/statements/:month/close}`,
      // the transaction callback's client cannot be followed: the service's one connection
      `accounts/src/transfers.ts:6 db sql query read [accounts:read] → ${DB} (service-connection DATABASE_URL) {POST /transfers}`,
      `accounts/src/transfers.ts:8 db sql query write [accounts:write] → ${DB} (service-connection DATABASE_URL) {POST /transfers}`,
      `accounts/src/transfers.ts:9 db sql query write [accounts:write] → ${DB} (service-connection DATABASE_URL) {POST /transfers}`,
      `accounts/src/transfers.ts:10 db sql query write [ledger_entries:write] → ${DB} (service-connection DATABASE_URL) {POST /transfers}`,
    ]);
    expect(links.dataAccess?.connections).toEqual([
      { id: 'accounts/src/db.ts:4:21', service: 'service:accounts', driver: 'pg', engine: 'postgres', location: { file: 'accounts/src/db.ts', line: 4 }, datastores: [DB], via: ['DATABASE_URL'] },
    ]);
    expect(endpointDataLines(links)).toEqual([
      `GET /accounts/:id reads [accounts@${DB}] writes [accounts@${DB}]`,
      `GET /accounts/:id/entries reads [ledger_entries@${DB}] writes []`,
      `GET /accounts/:id/statements/:month reads [accounts@${DB}, statements@${DB}] writes []`,
      `POST /accounts/:id/statements/:month/close reads [ledger_entries@${DB}] writes [statements@${DB}]`,
      `POST /transfers reads [accounts@${DB}] writes [accounts@${DB}, ledger_entries@${DB}]`,
      `PUT /accounts/:id reads [] writes [accounts@${DB}]`,
    ]);
    expect(links.dataAccess?.background).toEqual([]);
  });

  it('adds observed reads/writes edges beside the configured connection, tables on the datastore, and a GET that writes is mutating', () => {
    const { report } = analyzeFixture('extract/data/pg');
    expect(dataEdgeLines(report)).toEqual([
      `service:accounts connects ${DB} declared {}`,
      `service:accounts reads ${DB} [accounts,ledger_entries,statements] observed {GET /accounts/:id, GET /accounts/:id/entries, GET /accounts/:id/statements/:month, POST /accounts/:id/statements/:month/close, POST /transfers}`,
      `service:accounts writes ${DB} [accounts,ledger_entries,statements] observed {GET /accounts/:id, POST /accounts/:id/statements/:month/close, POST /transfers, PUT /accounts/:id}`,
    ]);
    expect(report.datastores.map((d) => [d.id, d.tables])).toEqual([[DB, ['accounts', 'ledger_entries', 'statements']]]);
    const endpoints = report.services.find((s) => s.id === 'service:accounts')!.endpoints.map((e) => `${e.method} ${e.path} ${e.mutating ? 'mutating' : 'safe'}`);
    expect(endpoints).toEqual([
      'GET /accounts/:id mutating',
      'GET /accounts/:id/entries safe',
      'GET /accounts/:id/statements/:month safe',
      'POST /accounts/:id/statements/:month/close mutating',
      'POST /transfers mutating',
      'PUT /accounts/:id mutating',
    ]);
  });
});
