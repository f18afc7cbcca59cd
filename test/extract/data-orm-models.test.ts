import { describe, expect, it } from 'vitest';
import { dataEdgeLines, dataFactLines, linkedAccessLines } from '../helpers/data.js';
import { analyzeFixture, extractFixture, only } from '../helpers/extract.js';

describe('mongoose', () => {
  const DB = 'datastore:mongodb:mongo/profiles';

  it('records models with their collections, and calls on imported models for the link stage to confirm', () => {
    const { facts } = extractFixture('extract/data/mongoose');
    expect(only(facts, 'db-model').map((m) => `${m.file}:${m.line} ${m.name} ${m.model} → ${m.table}${m.exported ? ' exported' : ''}`)).toEqual([
      'profiles/src/models/activity.ts:4 Activity Activity → activity_log exported',
      'profiles/src/models/person.ts:6 default Person → people_v2 exported',
      'profiles/src/models/user.ts:6 User User → users exported',
    ]);
    expect(only(facts, 'db-connection').map((c) => [c.line, c.driver, c.url, c.database])).toEqual([[5, 'mongoose', [{ env: 'MONGO_URI' }], [{ env: 'MONGO_DB' }]]]);
    expect(dataFactLines(facts)).toEqual([
      'profiles/src/profiles.ts:6 orm/model(?) findById read [] {./models/user.js#User:read} unconfirmed via ?',
      'profiles/src/profiles.ts:7 orm/model(?) findOne read [] {./models/person.js#default:read} unconfirmed via ?',
      'profiles/src/profiles.ts:12 orm/model(?) findByIdAndUpdate both [] {./models/user.js#User:both} unconfirmed via ?',
      'profiles/src/profiles.ts:13 orm/model(?) save write [] {./models/activity.js#Activity:write} unconfirmed via ?',
      'profiles/src/profiles.ts:17 orm/model(?) updateOne write [] {./models/activity.js#Activity:write} upsert:update unconfirmed via ?',
    ]);
  });

  it('maps each model to its collection on the database `dbName` names', () => {
    const { links, report } = analyzeFixture('extract/data/mongoose');
    expect(linkedAccessLines(links)).toEqual([
      `profiles/src/profiles.ts:6 db mongoose findById read [users:read] → ${DB} (service-connection MONGO_URI) {GET /profiles/:id}`,
      `profiles/src/profiles.ts:7 db mongoose findOne read [people_v2:read] → ${DB} (service-connection MONGO_URI) {GET /profiles/:id}`,
      `profiles/src/profiles.ts:12 db mongoose findByIdAndUpdate both [users:both] → ${DB} (service-connection MONGO_URI) {PATCH /profiles/:id}`,
      `profiles/src/profiles.ts:13 db mongoose save write [activity_log:write] → ${DB} (service-connection MONGO_URI) {PATCH /profiles/:id}`,
      `profiles/src/profiles.ts:17 db mongoose updateOne write [activity_log:write] upsert:update → ${DB} (service-connection MONGO_URI) {GET /profiles/:id}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:profiles connects ${DB} declared {}`,
      `service:profiles reads ${DB} [people_v2,users] observed {GET /profiles/:id, PATCH /profiles/:id}`,
      `service:profiles writes ${DB} [activity_log,users] observed {GET /profiles/:id, PATCH /profiles/:id}`,
    ]);
    expect(report.services.find((s) => s.id === 'service:profiles')!.endpoints.map((e) => `${e.method} ${e.path} ${e.mutating}`)).toEqual(['GET /profiles/:id true', 'PATCH /profiles/:id true']);
  });
});

describe('sequelize', () => {
  const DB = 'datastore:postgres:billing-db/billing';

  it('records models from define and init, and model calls', () => {
    const { facts } = extractFixture('extract/data/sequelize');
    expect(only(facts, 'db-model').map((m) => `${m.file}:${m.line} ${m.name} ${m.model} → ${m.table}`)).toEqual([
      'billing/src/models/invoice.ts:5 Invoice Invoice → Invoices',
      'billing/src/models/line-item.ts:6 LineItem LineItem → invoice_lines',
    ]);
    expect(only(facts, 'db-connection').map((c) => [c.line, c.driver, c.engine, c.url, c.declaredAs?.name])).toEqual([[3, 'sequelize', 'postgres', [{ env: 'DATABASE_URL' }], 'sequelize']]);
    expect(dataFactLines(facts)).toEqual([
      'billing/src/invoices.ts:7 orm/model(?) findAll read [] {./models/invoice.js#Invoice:read} unconfirmed via ?',
      'billing/src/invoices.ts:11 orm/model(?) create write [] {./models/invoice.js#Invoice:write} unconfirmed via ?',
      'billing/src/invoices.ts:12 orm/model(?) bulkCreate write [] {./models/line-item.js#LineItem:write} unconfirmed via ?',
      'billing/src/invoices.ts:17 sql/sql(?) query read [Invoices:read] via ./db.js#sequelize',
    ]);
  });

  it('maps models to tables and raw queries to the instance they run on', () => {
    const { links, report } = analyzeFixture('extract/data/sequelize');
    expect(linkedAccessLines(links)).toEqual([
      `billing/src/invoices.ts:7 db sequelize findAll read [Invoices:read] → ${DB} (service-connection DATABASE_URL) {GET /customers/:id/invoices}`,
      `billing/src/invoices.ts:11 db sequelize create write [Invoices:write] → ${DB} (service-connection DATABASE_URL) {POST /customers/:id/invoices}`,
      `billing/src/invoices.ts:12 db sequelize bulkCreate write [invoice_lines:write] → ${DB} (service-connection DATABASE_URL) {POST /customers/:id/invoices}`,
      `billing/src/invoices.ts:17 db sequelize query read [Invoices:read] → ${DB} (connection DATABASE_URL) {GET /invoices/overdue}`,
    ]);
    expect(dataEdgeLines(report)).toEqual([
      `service:billing connects ${DB} declared {}`,
      `service:billing reads ${DB} [Invoices] observed {GET /customers/:id/invoices, GET /invoices/overdue}`,
      `service:billing writes ${DB} [Invoices,invoice_lines] observed {POST /customers/:id/invoices}`,
    ]);
  });
});
