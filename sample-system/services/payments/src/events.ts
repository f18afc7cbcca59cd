import { z } from 'zod';

/** Contracts of the events payments publishes; payloads are validated before publishing. */
export const PaymentSucceeded = z.object({
  paymentId: z.uuid(),
  orderId: z.uuid(),
  userId: z.string().min(1),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
});

export const PaymentFailed = z.object({
  paymentId: z.uuid(),
  orderId: z.uuid(),
  userId: z.string().min(1),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
  reason: z.string().min(1),
});
