import { z } from 'zod';

/**
 * The fields notifications reads from the events it consumes. Each publisher owns its
 * contract; this is our tolerant-reader copy (unknown fields are ignored).
 */
const OrderCreated = z.object({ orderId: z.uuid(), userId: z.string(), subtotalCents: z.number().int(), currency: z.string() });
const OrderCancelled = z.object({ orderId: z.uuid(), userId: z.string(), reason: z.string() });
const PaymentSucceeded = z.object({ orderId: z.uuid(), userId: z.string(), amountCents: z.number().int(), currency: z.string() });
const PaymentFailed = z.object({ orderId: z.uuid(), userId: z.string(), reason: z.string() });
const ShipmentDispatched = z.object({ orderId: z.uuid(), userId: z.string(), carrier: z.string(), trackingNumber: z.string() });

export interface Message {
  userId: string;
  kind: string;
  title: string;
  body: string;
}

function money(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

const shortId = (orderId: string): string => orderId.slice(0, 8).toUpperCase();

/** Turns an event into the message the customer sees; null for event types we do not notify about. */
export function messageFor(type: string, data: unknown): Message | null {
  switch (type) {
    case 'order.created': {
      const e = OrderCreated.parse(data);
      return {
        userId: e.userId,
        kind: type,
        title: `We received order ${shortId(e.orderId)}`,
        body: `Subtotal ${money(e.subtotalCents, e.currency)}. We confirm the order once the payment is through.`,
      };
    }
    case 'order.cancelled': {
      const e = OrderCancelled.parse(data);
      return {
        userId: e.userId,
        kind: type,
        title: `Order ${shortId(e.orderId)} was cancelled`,
        body: `Reason: ${e.reason.replaceAll('_', ' ')}. Anything we charged is refunded.`,
      };
    }
    case 'payment.succeeded': {
      const e = PaymentSucceeded.parse(data);
      return {
        userId: e.userId,
        kind: type,
        title: `Payment received for order ${shortId(e.orderId)}`,
        body: `We charged ${money(e.amountCents, e.currency)}.`,
      };
    }
    case 'payment.failed': {
      const e = PaymentFailed.parse(data);
      return {
        userId: e.userId,
        kind: type,
        title: `Payment for order ${shortId(e.orderId)} failed`,
        body: `Your bank said: ${e.reason.replaceAll('_', ' ')}.`,
      };
    }
    case 'shipment.dispatched': {
      const e = ShipmentDispatched.parse(data);
      return {
        userId: e.userId,
        kind: type,
        title: `Order ${shortId(e.orderId)} is on its way`,
        body: `${e.carrier.toUpperCase()} tracking number: ${e.trackingNumber}.`,
      };
    }
    default:
      return null;
  }
}
