import type pg from 'pg';
import { z } from 'zod';
import type { Broker, EventEnvelope } from '../broker.js';
import { withTransaction } from '../db.js';
import { inSpan, logger } from '../observability.js';

const QUEUE = 'inventory.shipment-dispatched';

const ShipmentDispatched = z.object({
  shipmentId: z.string(),
  orderId: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
});

/**
 * When a parcel leaves the warehouse the reserved units are gone for good: take them off the
 * shelf count and close the reservation.
 */
async function commitShippedStock(pool: pg.Pool, event: EventEnvelope): Promise<void> {
  const shipment = ShipmentDispatched.parse(event.data);
  await inSpan('inventory.commit_shipped_stock', { 'shop.order_id': shipment.orderId }, () =>
    withTransaction(pool, async (client) => {
      const decremented = await client.query(
        `UPDATE stock_levels s
            SET on_hand = s.on_hand - r.quantity, updated_at = now()
           FROM stock_reservations r
          WHERE r.order_id = $1 AND r.sku = s.sku`,
        [shipment.orderId],
      );
      await client.query(
        `UPDATE stock_reservations SET status = 'shipped', updated_at = now() WHERE order_id = $1`,
        [shipment.orderId],
      );
      logger.info({ orderId: shipment.orderId, skus: decremented.rowCount }, 'shipped stock taken off the shelf count');
    }),
  );
}

export function consumeShipmentDispatched(broker: Broker, pool: pg.Pool): void {
  broker.consume(QUEUE, ['shipment.dispatched'], (event) => commitShippedStock(pool, event));
}
