import { z } from 'zod';

/** Contract of the event shipping publishes; validated before publishing. */
export const ShipmentDispatched = z.object({
  shipmentId: z.uuid(),
  orderId: z.uuid(),
  userId: z.string().min(1),
  carrier: z.string().min(1),
  trackingNumber: z.string().min(1),
  dispatchedAt: z.iso.datetime(),
});

/** The fields of `order.confirmed` (published by orders) that shipping reads. */
export const OrderConfirmed = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1),
  carrier: z.string().min(1),
  shippingService: z.string().min(1),
  shippingAddress: z.object({
    name: z.string(),
    line1: z.string(),
    line2: z.string().optional(),
    city: z.string(),
    postalCode: z.string(),
    country: z.string().length(2),
  }),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), weightGrams: z.number().int().positive() })),
});
export type OrderConfirmed = z.infer<typeof OrderConfirmed>;
