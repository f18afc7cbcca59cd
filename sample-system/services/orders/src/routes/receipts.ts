import { Router } from 'express';
import type pg from 'pg';
import { usersApi, type Customer, type CustomerAddress, type CustomerPreferences } from '../clients/users.js';
import { findOrder } from '../orders-repository.js';
import { HttpError } from '../server.js';

function formatMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/**
 * A printable receipt: the order plus the customer's name, billing address and locale.
 */
export function receiptsRouter(pool: pg.Pool): Router {
  const router = Router();

  router.get('/orders/:id/receipt', async (req, res) => {
    const order = await findOrder(pool, req.params.id);
    if (!order || order.userId !== req.get('x-user-id')) throw new HttpError(404, 'order not found');
    if (order.status !== 'confirmed') throw new HttpError(409, 'receipts exist for confirmed orders only');

    const { data: customer } = await usersApi.get<Customer>(`/users/${order.userId}`);
    const { data: addresses } = await usersApi.get<CustomerAddress[]>(`/users/${order.userId}/addresses`);
    const { data: preferences } = await usersApi.get<CustomerPreferences>(`/users/${order.userId}/preferences`);

    const locale = preferences.locale;
    const billing = addresses.find((address) => address.isDefault) ?? addresses[0] ?? null;
    const shippingCents = order.shippingCents ?? 0;

    res.json({
      receiptNumber: `R-${order.id.slice(0, 8).toUpperCase()}`,
      issuedAt: new Date().toISOString(),
      customer: { name: customer.fullName, email: customer.email },
      billingAddress: billing,
      lines: order.items.map((line) => ({
        description: `${line.quantity} × ${line.name}`,
        amount: formatMoney(line.unitPriceCents * line.quantity, order.currency, locale),
      })),
      shipping: formatMoney(shippingCents, order.currency, locale),
      total: formatMoney(order.subtotalCents + shippingCents, order.currency, locale),
    });
  });

  return router;
}
