import type pg from 'pg';
import { withTransaction } from './db.js';
import type { CancelReason, ShippingAddress } from './events.js';

export type OrderStatus = 'pending' | 'confirmed' | 'cancelled';

export interface OrderLine {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  weightGrams: number;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  subtotalCents: number;
  shippingCents: number | null;
  carrier: string | null;
  shippingService: string | null;
  shippingAddress: ShippingAddress;
  paymentId: string | null;
  cancelReason: CancelReason | null;
  createdAt: string;
  items: OrderLine[];
}

const ORDER_COLUMNS = `
  id, user_id AS "userId", status, currency, subtotal_cents AS "subtotalCents",
  shipping_cents AS "shippingCents", carrier, shipping_service AS "shippingService",
  shipping_address AS "shippingAddress", payment_id AS "paymentId",
  cancel_reason AS "cancelReason", created_at AS "createdAt"`;

export interface NewOrder {
  userId: string;
  currency: string;
  subtotalCents: number;
  shippingAddress: ShippingAddress;
  lines: OrderLine[];
}

export async function createPendingOrder(pool: pg.Pool, order: NewOrder): Promise<Order> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<Omit<Order, 'items'>>(
      `INSERT INTO orders (user_id, status, currency, subtotal_cents, shipping_address)
       VALUES ($1, 'pending', $2, $3, $4)
       RETURNING ${ORDER_COLUMNS}`,
      [order.userId, order.currency, order.subtotalCents, JSON.stringify(order.shippingAddress)],
    );
    const created = rows[0]!;
    for (const line of order.lines) {
      await client.query(
        `INSERT INTO order_items (order_id, sku, name, quantity, unit_price_cents, weight_grams)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [created.id, line.sku, line.name, line.quantity, line.unitPriceCents, line.weightGrams],
      );
    }
    return { ...created, items: order.lines };
  });
}

export async function findOrder(pool: pg.Pool, id: string): Promise<Order | null> {
  const { rows } = await pool.query<Omit<Order, 'items'>>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
  const order = rows[0];
  if (!order) return null;
  const items = await pool.query<OrderLine>(
    `SELECT sku, name, quantity, unit_price_cents AS "unitPriceCents", weight_grams AS "weightGrams"
       FROM order_items WHERE order_id = $1 ORDER BY sku`,
    [id],
  );
  return { ...order, items: items.rows };
}

export async function listOrdersForUser(pool: pg.Pool, userId: string, limit: number): Promise<Omit<Order, 'items'>[]> {
  const { rows } = await pool.query<Omit<Order, 'items'>>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
    [userId, limit],
  );
  return rows;
}

export async function setShippingQuote(pool: pg.Pool, id: string, quote: { priceCents: number; carrier: string; service: string }): Promise<void> {
  await pool.query(
    `UPDATE orders SET shipping_cents = $2, carrier = $3, shipping_service = $4, updated_at = now() WHERE id = $1`,
    [id, quote.priceCents, quote.carrier, quote.service],
  );
}

export async function markConfirmed(pool: pg.Pool, id: string, paymentId: string): Promise<void> {
  await pool.query(
    `UPDATE orders SET status = 'confirmed', payment_id = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
    [id, paymentId],
  );
}

export async function markCancelled(pool: pg.Pool, id: string, reason: CancelReason): Promise<void> {
  await pool.query(
    `UPDATE orders SET status = 'cancelled', cancel_reason = $2, updated_at = now() WHERE id = $1 AND status <> 'cancelled'`,
    [id, reason],
  );
}
