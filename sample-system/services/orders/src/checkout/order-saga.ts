import type pg from 'pg';
import type { Broker } from '../broker.js';
import { OutOfStockError, reserveStock } from '../clients/inventory.js';
import { chargePayment, PaymentDeclinedError, refundPayment, type Payment } from '../clients/payments.js';
import { quoteShipping, type ShippingQuote } from '../clients/shipping.js';
import { OrderCancelled, OrderConfirmed, type CancelReason } from '../events.js';
import { inSpan, logger } from '../observability.js';
import { markCancelled, markConfirmed, setShippingQuote, type Order } from '../orders-repository.js';

export type CheckoutOutcome =
  | { status: 'confirmed'; order: Order; paymentId: string; totalCents: number; quote: ShippingQuote }
  | { status: 'cancelled'; order: Order; reason: CancelReason };

interface SagaDeps {
  pool: pg.Pool;
  broker: Broker;
}

/**
 * Compensation for step 2, written straight into inventory's table in the shared `shop`
 * database. Inventory had no release endpoint when checkout moved out of the monolith, so
 * orders kept its old UPDATE.
 */
async function releaseStock(pool: pg.Pool, orderId: string): Promise<void> {
  await pool.query(
    `UPDATE stock_reservations SET status = 'released', updated_at = now() WHERE order_id = $1 AND status = 'held'`,
    [orderId],
  );
}

async function cancel(deps: SagaDeps, order: Order, reason: CancelReason, stockHeld: boolean): Promise<CheckoutOutcome> {
  if (stockHeld) await releaseStock(deps.pool, order.id);
  await markCancelled(deps.pool, order.id, reason);
  await deps.broker
    .publish('order.cancelled', OrderCancelled.parse({ orderId: order.id, userId: order.userId, reason }))
    .catch((err: unknown) => logger.error({ err, orderId: order.id }, 'order.cancelled not published'));
  logger.info({ orderId: order.id, reason }, 'checkout cancelled');
  return { status: 'cancelled', order, reason };
}

/**
 * The checkout saga, orchestrated here and only here:
 *   1. price shipping       (shipping)
 *   2. hold the stock       (inventory)
 *   3. charge the customer  (payments)
 *   4. confirm the order    (our database, then order.confirmed)
 * A failing step undoes the earlier ones, newest first: refund the charge, release the stock,
 * cancel the order.
 */
export function runCheckoutSaga(deps: SagaDeps, order: Order): Promise<CheckoutOutcome> {
  return inSpan('orders.checkout_saga', { 'shop.order_id': order.id }, async () => {
    let quote: ShippingQuote;
    try {
      quote = await quoteShipping(order.id);
    } catch (err) {
      logger.warn({ err, orderId: order.id }, 'no shipping quote');
      return cancel(deps, order, 'shipping_unavailable', false);
    }
    await setShippingQuote(deps.pool, order.id, quote);
    const totalCents = order.subtotalCents + quote.priceCents;

    try {
      await reserveStock(order.id, order.items.map(({ sku, quantity }) => ({ sku, quantity })));
    } catch (err) {
      logger.warn({ err, orderId: order.id }, 'stock not reserved');
      return cancel(deps, order, err instanceof OutOfStockError ? 'out_of_stock' : 'inventory_unavailable', false);
    }

    let payment: Payment;
    try {
      payment = await chargePayment({ orderId: order.id, userId: order.userId, amountCents: totalCents, currency: order.currency });
    } catch (err) {
      logger.warn({ err, orderId: order.id }, 'payment not taken');
      return cancel(deps, order, err instanceof PaymentDeclinedError ? 'payment_declined' : 'payment_unavailable', true);
    }

    try {
      await markConfirmed(deps.pool, order.id, payment.id);
      await deps.broker.publish(
        'order.confirmed',
        OrderConfirmed.parse({
          orderId: order.id,
          userId: order.userId,
          paymentId: payment.id,
          totalCents,
          currency: order.currency,
          carrier: quote.carrier,
          shippingService: quote.service,
          shippingAddress: order.shippingAddress,
          items: order.items.map(({ sku, quantity, weightGrams }) => ({ sku, quantity, weightGrams })),
        }),
      );
    } catch (err) {
      logger.error({ err, orderId: order.id }, 'confirmation failed after payment, refunding');
      await refundPayment(payment.id, order.id, totalCents).catch((refundErr: unknown) =>
        logger.error({ err: refundErr, orderId: order.id, paymentId: payment.id }, 'refund failed, order needs manual follow-up'),
      );
      return cancel(deps, order, 'confirmation_failed', true);
    }

    logger.info({ orderId: order.id, paymentId: payment.id, totalCents }, 'order confirmed');
    return { status: 'confirmed', order: { ...order, status: 'confirmed', paymentId: payment.id }, paymentId: payment.id, totalCents, quote };
  });
}
