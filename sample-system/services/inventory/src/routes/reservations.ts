import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Broker } from '../broker.js';
import { withTransaction } from '../db.js';
import { inSpan, logger } from '../observability.js';
import { HttpError } from '../server.js';

const ReserveBody = z.object({
  items: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(100) }))
    .min(1)
    .max(50),
});

interface ReservedLine {
  sku: string;
  quantity: number;
}

async function existingReservation(client: pg.PoolClient, orderId: string): Promise<ReservedLine[]> {
  const { rows } = await client.query<ReservedLine>(
    `SELECT sku, quantity FROM stock_reservations WHERE order_id = $1 AND status = 'held' ORDER BY sku`,
    [orderId],
  );
  return rows;
}

async function reserve(client: pg.PoolClient, orderId: string, items: ReservedLine[]): Promise<ReservedLine[]> {
  const skus = items.map((item) => item.sku);
  const stock = await client.query<{ sku: string; on_hand: number }>(
    `SELECT sku, on_hand FROM stock_levels WHERE sku = ANY($1::text[]) ORDER BY sku FOR UPDATE`,
    [skus],
  );
  const held = await client.query<{ sku: string; quantity: number }>(
    `SELECT sku, SUM(quantity)::int AS quantity FROM stock_reservations
      WHERE sku = ANY($1::text[]) AND status = 'held' GROUP BY sku`,
    [skus],
  );
  const onHand = new Map(stock.rows.map((row) => [row.sku, row.on_hand]));
  const alreadyHeld = new Map(held.rows.map((row) => [row.sku, row.quantity]));

  for (const item of items) {
    const available = (onHand.get(item.sku) ?? 0) - (alreadyHeld.get(item.sku) ?? 0);
    if (available < item.quantity) throw new HttpError(409, `not enough stock for ${item.sku} (${available} left)`);
  }
  for (const item of items) {
    await client.query(
      `INSERT INTO stock_reservations (order_id, sku, quantity, status)
       VALUES ($1, $2, $3, 'held')
       ON CONFLICT (order_id, sku) DO NOTHING`,
      [orderId, item.sku, item.quantity],
    );
  }
  return items;
}

/**
 * Stock reservations are keyed by order id: the orders saga PUTs the whole reservation for an
 * order, and repeating the PUT returns the reservation that is already held.
 */
export function reservationsRouter(pool: pg.Pool, broker: Broker): Router {
  const router = Router();

  router.put('/reservations/:orderId', async (req, res) => {
    const orderId = req.params.orderId;
    const { items } = ReserveBody.parse(req.body);

    const outcome = await inSpan('inventory.reserve', { 'shop.order_id': orderId }, () =>
      withTransaction(pool, async (client) => {
        const existing = await existingReservation(client, orderId);
        if (existing.length > 0) return { created: false, lines: existing };
        return { created: true, lines: await reserve(client, orderId, items) };
      }),
    );

    if (outcome.created) {
      await broker.publish('inventory.reserved', {
        orderId,
        items: outcome.lines,
        reservedAt: new Date().toISOString(),
      });
      logger.info({ orderId, lines: outcome.lines.length }, 'stock reserved');
    }
    res.status(outcome.created ? 201 : 200).json({ orderId, status: 'held', items: outcome.lines });
  });

  return router;
}
