import { Router, type Request } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Broker } from '../broker.js';
import { runCheckoutSaga, type CheckoutOutcome } from '../checkout/order-saga.js';
import { priceCart } from '../checkout/price-cart.js';
import { OrderCreated, ShippingAddress } from '../events.js';
import { createPendingOrder, findOrder, listOrdersForUser } from '../orders-repository.js';
import { HttpError } from '../server.js';

const CreateOrderBody = z.object({
  items: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().max(20) }))
    .min(1)
    .max(50),
  shippingAddress: ShippingAddress,
});

const ListQuery = z.object({
  limit: z.coerce.number().int().positive().max(50).default(10),
});

const CANCELLED_STATUS: Record<Extract<CheckoutOutcome, { status: 'cancelled' }>['reason'], number> = {
  payment_declined: 402,
  out_of_stock: 409,
  shipping_unavailable: 503,
  inventory_unavailable: 503,
  payment_unavailable: 503,
  confirmation_failed: 500,
};

/** The gateway puts the authenticated customer's id in `x-user-id`. */
function callerId(req: Request): string {
  const userId = req.get('x-user-id');
  if (!userId) throw new HttpError(401, 'x-user-id header missing');
  return userId;
}

export function ordersRouter(pool: pg.Pool, broker: Broker): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const userId = callerId(req);
    const body = CreateOrderBody.parse(req.body);
    const cart = await priceCart(body.items);
    const order = await createPendingOrder(pool, {
      userId,
      currency: cart.currency,
      subtotalCents: cart.subtotalCents,
      shippingAddress: body.shippingAddress,
      lines: cart.lines,
    });
    await broker.publish(
      'order.created',
      OrderCreated.parse({
        orderId: order.id,
        userId,
        subtotalCents: cart.subtotalCents,
        currency: cart.currency,
        items: cart.lines.map(({ sku, quantity, weightGrams }) => ({ sku, quantity, weightGrams })),
      }),
    );

    const outcome = await runCheckoutSaga({ pool, broker }, order);
    if (outcome.status === 'confirmed') {
      res.status(201).location(`/orders/${order.id}`).json({
        id: order.id,
        status: 'confirmed',
        totalCents: outcome.totalCents,
        currency: order.currency,
        shipping: { carrier: outcome.quote.carrier, service: outcome.quote.service, estimatedDays: outcome.quote.estimatedDays },
      });
      return;
    }
    res.status(CANCELLED_STATUS[outcome.reason]).json({ id: order.id, status: 'cancelled', reason: outcome.reason });
  });

  router.get('/orders', async (req, res) => {
    const { limit } = ListQuery.parse(req.query);
    res.json(await listOrdersForUser(pool, callerId(req), limit));
  });

  router.get('/orders/:id', async (req, res) => {
    const order = await findOrder(pool, req.params.id);
    const caller = req.get('x-user-id');
    if (!order || (caller !== undefined && caller !== order.userId)) throw new HttpError(404, 'order not found');
    res.json(order);
  });

  return router;
}
