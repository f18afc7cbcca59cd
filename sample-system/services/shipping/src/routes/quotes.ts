import { Router } from 'express';
import { z } from 'zod';
import { CARRIERS, cheapest, fetchRates } from '../clients/carrier.js';
import { fetchOrder, OrderNotFoundError } from '../clients/orders.js';
import { inSpan } from '../observability.js';
import { HttpError } from '../server.js';

const QuoteQuery = z.object({ orderId: z.uuid() });

/**
 * Shipping prices. `/carriers` is static and public (the FAQ page lists it); `/quotes` prices
 * the parcel of a pending order and is called by the orders checkout.
 */
export function quotesRouter(): Router {
  const router = Router();

  router.get('/carriers', (_req, res) => {
    res.set('cache-control', 'public, max-age=3600').json({ carriers: CARRIERS });
  });

  router.get('/quotes', async (req, res) => {
    const { orderId } = QuoteQuery.parse(req.query);
    const quote = await inSpan('shipping.quote', { 'shop.order_id': orderId }, async () => {
      let order;
      try {
        order = await fetchOrder(orderId);
      } catch (err) {
        if (err instanceof OrderNotFoundError) throw new HttpError(404, err.message);
        throw err;
      }
      const weightGrams = order.items.reduce((sum, item) => sum + item.weightGrams * item.quantity, 0);
      const rates = await fetchRates({
        destination: { postalCode: order.shippingAddress.postalCode, country: order.shippingAddress.country },
        weightGrams,
      });
      const best = cheapest(rates.filter((rate) => rate.currency === order.currency));
      if (!best) throw new HttpError(422, `no carrier ships ${weightGrams} g to ${order.shippingAddress.country}`);
      return { orderId, ...best };
    });
    res.json(quote);
  });

  return router;
}
