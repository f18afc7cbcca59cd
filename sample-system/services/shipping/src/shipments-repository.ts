import type pg from 'pg';
import type { OrderConfirmed } from './events.js';

export type ShipmentStatus = 'awaiting_pickup' | 'dispatched' | 'delivered';

export interface Shipment {
  id: string;
  orderId: string;
  userId: string;
  carrier: string;
  service: string;
  status: ShipmentStatus;
  trackingNumber: string | null;
  weightGrams: number;
  createdAt: string;
  dispatchedAt: string | null;
}

const SHIPMENT_COLUMNS = `
  id, order_id AS "orderId", user_id AS "userId", carrier, service, status,
  tracking_number AS "trackingNumber", weight_grams AS "weightGrams",
  created_at AS "createdAt", dispatched_at AS "dispatchedAt"`;

/**
 * One shipment per order. The unique order_id makes a redelivered `order.confirmed` a no-op.
 * Returns false when the shipment already existed.
 */
export async function createShipmentForOrder(pool: pg.Pool, order: OrderConfirmed): Promise<boolean> {
  const weightGrams = order.items.reduce((sum, item) => sum + item.weightGrams * item.quantity, 0);
  const result = await pool.query(
    `INSERT INTO shipments (order_id, user_id, carrier, service, status, weight_grams, address)
     VALUES ($1, $2, $3, $4, 'awaiting_pickup', $5, $6)
     ON CONFLICT (order_id) DO NOTHING`,
    [order.orderId, order.userId, order.carrier, order.shippingService, weightGrams, JSON.stringify(order.shippingAddress)],
  );
  return result.rowCount === 1;
}

export async function listShipmentsForUser(pool: pg.Pool, userId: string, activeOnly: boolean): Promise<Shipment[]> {
  const { rows } = await pool.query<Shipment>(
    `SELECT ${SHIPMENT_COLUMNS} FROM shipments
      WHERE user_id = $1 AND (NOT $2 OR status <> 'delivered')
      ORDER BY created_at DESC LIMIT 20`,
    [userId, activeOnly],
  );
  return rows;
}

export async function findShipment(pool: pg.Pool, id: string): Promise<Shipment | null> {
  const { rows } = await pool.query<Shipment>(`SELECT ${SHIPMENT_COLUMNS} FROM shipments WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Moves a shipment to `dispatched`; returns null when it was not awaiting pickup (already dispatched). */
export async function markDispatched(pool: pg.Pool, id: string, trackingNumber: string): Promise<Shipment | null> {
  const { rows } = await pool.query<Shipment>(
    `UPDATE shipments SET status = 'dispatched', tracking_number = $2, dispatched_at = now()
      WHERE id = $1 AND status = 'awaiting_pickup'
      RETURNING ${SHIPMENT_COLUMNS}`,
    [id, trackingNumber],
  );
  return rows[0] ?? null;
}

export async function markDelivered(pool: pg.Pool, id: string): Promise<Shipment | null> {
  const { rows } = await pool.query<Shipment>(
    `UPDATE shipments SET status = 'delivered', delivered_at = now()
      WHERE id = $1 AND status = 'dispatched'
      RETURNING ${SHIPMENT_COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}
