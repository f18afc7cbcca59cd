import { z } from 'zod';

/**
 * Contracts of the events orders publishes on the `shop.events` exchange. Payloads are
 * validated before they leave the service; consumers keep their own copy of the fields
 * they read.
 */
const Line = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  weightGrams: z.number().int().positive(),
});

export const ShippingAddress = z.object({
  name: z.string().min(1),
  line1: z.string().min(1),
  line2: z.string().optional(),
  city: z.string().min(1),
  postalCode: z.string().min(1),
  country: z.string().length(2),
});
export type ShippingAddress = z.infer<typeof ShippingAddress>;

export const OrderCreated = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1),
  subtotalCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  items: z.array(Line).min(1),
});

export const OrderConfirmed = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1),
  paymentId: z.string().min(1),
  totalCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  carrier: z.string().min(1),
  shippingService: z.string().min(1),
  shippingAddress: ShippingAddress,
  items: z.array(Line).min(1),
});

export const OrderCancelled = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1),
  reason: z.enum([
    'shipping_unavailable',
    'out_of_stock',
    'inventory_unavailable',
    'payment_declined',
    'payment_unavailable',
    'confirmation_failed',
  ]),
});
export type CancelReason = z.infer<typeof OrderCancelled>['reason'];
