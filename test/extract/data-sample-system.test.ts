import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../analyzer/config/schema.js';
import { analyze } from '../../analyzer/run.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

const SHOP = 'datastore:postgres:shop-db/shop';

describe('data access in the sample shop (sample-system/EXPECTED.md)', () => {
  const { report, links } = analyze(path.join(REPO_ROOT, 'sample-system'), { config: DEFAULT_CONFIG });
  const data = links.dataAccess!;

  it('lists the tables of every database the code uses', () => {
    expect(report.datastores.filter((d) => d.role === 'database').map((d) => `${d.id} [${d.tables.join(', ')}]`)).toEqual([
      'datastore:postgres:notifications-db/notifications [notifications, processed_events]',
      'datastore:postgres:payments-db/payments [idempotency_keys, payments, refunds]',
      'datastore:postgres:shipping-db/shipping [shipments]',
      `${SHOP} [order_items, orders, products, stock_levels, stock_reservations]`,
      'datastore:postgres:users-db/users [addresses, user_preferences, users]',
    ]);
  });

  it('shows orders and inventory both writing stock_reservations in shop-db/shop (shared-database)', () => {
    const writers = data.accesses
      .filter((a) => a.datastore === SHOP && a.tables.some((t) => t.name === 'stock_reservations' && t.access !== 'read'))
      .map((a) => `${a.service} ${a.location.file}:${a.location.line}`);
    expect(writers).toEqual([
      'service:inventory services/inventory/src/consumers/shipment-dispatched.ts:32',
      'service:inventory services/inventory/src/routes/reservations.ts:49',
      'service:orders services/orders/src/checkout/order-saga.ts:26',
    ]);
    const edges = report.edges.filter((e) => e.to === SHOP && e.kind === 'writes').map((e) => `${e.from} [${(e.tables ?? []).join(', ')}]`);
    expect(edges).toEqual(['service:inventory [stock_levels, stock_reservations]', 'service:orders [order_items, orders, stock_reservations]']);
  });

  it('marks the unsubscribe GET as state-changing, not the GETs that only fill the Redis cache', () => {
    const users = report.services.find((s) => s.id === 'service:users')!;
    expect(users.endpoints.filter((e) => e.method === 'GET' && e.mutating).map((e) => `${e.path} ${e.location?.file}:${e.location?.line}`)).toEqual([
      '/users/:id/unsubscribe services/users/src/routes/unsubscribe.ts:28',
    ]);
    const unsubscribe = data.endpoints.find((e) => e.service === 'service:users' && e.endpoint === 'GET /users/:id/unsubscribe')!;
    expect(unsubscribe.writes).toEqual([{ datastore: 'datastore:postgres:users-db/users', table: 'user_preferences' }]);
    expect(unsubscribe.accesses.map((id) => data.accesses.find((a) => a.id === id)!).filter((a) => a.kind === 'db').map((a) => `${a.location.file}:${a.location.line}`)).toEqual([
      'services/users/src/routes/unsubscribe.ts:31',
    ]);
    expect(data.endpoints.find((e) => e.endpoint === 'GET /users/:id/profile')!.writesData).toBe(false);
  });

  it('attributes every query to a datastore and records which way', () => {
    expect(data.accesses.filter((a) => !a.datastore)).toEqual([]);
    expect([...new Set(data.accesses.map((a) => `${a.kind} ${a.resolvedBy}`))].sort()).toEqual(['cache connection', 'db service-connection']);
    expect(data.connections.map((c) => `${c.service} ${c.driver} → ${c.datastores.join(' ')} (${c.via.join(',')})`)).toEqual([
      'service:inventory pg → datastore:postgres:shop-db/shop (DATABASE_URL)',
      'service:notifications pg → datastore:postgres:notifications-db/notifications (DATABASE_URL)',
      'service:orders pg → datastore:postgres:shop-db/shop (DATABASE_URL)',
      'service:payments pg → datastore:postgres:payments-db/payments (DATABASE_URL)',
      'service:shipping pg → datastore:postgres:shipping-db/shipping (DATABASE_URL)',
      'service:users ioredis → datastore:redis:redis (REDIS_URL)',
      'service:users pg → datastore:postgres:users-db/users (DATABASE_URL)',
    ]);
  });
});
