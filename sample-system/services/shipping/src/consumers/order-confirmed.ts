import type pg from 'pg';
import type { Broker, EventEnvelope } from '../broker.js';
import { OrderConfirmed } from '../events.js';
import { inSpan, logger } from '../observability.js';
import { createShipmentForOrder } from '../shipments-repository.js';

const QUEUE = 'shipping.order-confirmed';

/**
 * A confirmed order becomes a shipment waiting for pickup. Redelivery is harmless: the
 * insert is keyed on the order id (ON CONFLICT DO NOTHING).
 */
async function openShipment(pool: pg.Pool, event: EventEnvelope): Promise<void> {
  const order = OrderConfirmed.parse(event.data);
  await inSpan('shipping.open_shipment', { 'shop.order_id': order.orderId }, async () => {
    const created = await createShipmentForOrder(pool, order);
    if (created) logger.info({ orderId: order.orderId, carrier: order.carrier }, 'shipment opened');
    else logger.info({ orderId: order.orderId, eventId: event.id }, 'shipment already exists, duplicate event ignored');
  });
}

export function consumeOrderConfirmed(broker: Broker, pool: pg.Pool): void {
  broker.consume(QUEUE, ['order.confirmed'], (event) => openShipment(pool, event));
}
