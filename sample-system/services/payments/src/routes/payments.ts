import { Router, type Request } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Broker } from '../broker.js';
import { PaymentFailed, PaymentSucceeded } from '../events.js';
import { idempotent, replyOnce } from '../idempotency.js';
import { inSpan, logger } from '../observability.js';
import { findPayment, insertPendingPayment, recordOutcome, recordRefund, type Payment } from '../payments-repository.js';
import { charge, refund } from '../psp-client.js';
import { HttpError } from '../server.js';

const ChargeBody = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1),
  amountCents: z.number().int().positive(),
  currency: z.string().length(3),
});

const RefundBody = z.object({
  amountCents: z.number().int().positive(),
  reason: z.string().min(1).max(100),
});

function publishOutcome(broker: Broker, payment: Payment): Promise<void> {
  const common = { paymentId: payment.id, orderId: payment.orderId, userId: payment.userId, amountCents: payment.amountCents, currency: payment.currency };
  const publishing =
    payment.status === 'succeeded'
      ? broker.publish('payment.succeeded', PaymentSucceeded.parse(common))
      : broker.publish('payment.failed', PaymentFailed.parse({ ...common, reason: payment.failureReason ?? 'unknown' }));
  return publishing.catch((err: unknown) => logger.error({ err, paymentId: payment.id }, 'payment event not published'));
}

export function paymentsRouter(pool: pg.Pool, broker: Broker): Router {
  const router = Router();

  router.post('/payments', idempotent(pool, 'charge'), async (req, res) => {
    const body = ChargeBody.parse(req.body);
    const reply = replyOnce(res);
    const pending = await insertPendingPayment(pool, body);

    await inSpan('payments.charge', { 'shop.order_id': body.orderId, 'shop.payment_id': pending.id }, async (span) => {
      let result;
      try {
        result = await charge({
          idempotencyKey: `charge:${req.get('Idempotency-Key')}`,
          amountCents: body.amountCents,
          currency: body.currency,
          customerReference: body.userId,
          description: `Order ${body.orderId}`,
        });
      } catch (err) {
        await recordOutcome(pool, pending.id, { status: 'failed', pspChargeId: null, failureReason: 'psp_unavailable' });
        logger.warn({ err, paymentId: pending.id }, 'PSP unavailable');
        throw new HttpError(503, 'payment provider unavailable, retry with the same Idempotency-Key');
      }
      const payment = await recordOutcome(pool, pending.id, {
        status: result.status === 'succeeded' ? 'succeeded' : 'failed',
        pspChargeId: result.id,
        failureReason: result.status === 'succeeded' ? null : (result.declineCode ?? 'declined'),
      });
      span.setAttribute('shop.payment_status', payment.status);
      await publishOutcome(broker, payment);
      await reply(payment.status === 'succeeded' ? 201 : 402, payment);
    });
  });

  router.get('/payments/:id', async (req, res) => {
    const payment = await findPayment(pool, req.params.id);
    if (!payment) throw new HttpError(404, 'payment not found');
    res.json(payment);
  });

  router.post('/payments/:id/refunds', idempotent(pool, 'refund'), async (req: Request<{ id: string }>, res) => {
    const body = RefundBody.parse(req.body);
    const reply = replyOnce(res);
    const payment = await findPayment(pool, req.params.id);
    if (!payment) throw new HttpError(404, 'payment not found');
    if (payment.status !== 'succeeded' || !payment.pspChargeId) throw new HttpError(409, `cannot refund a ${payment.status} payment`);
    if (body.amountCents > payment.amountCents) throw new HttpError(422, 'refund exceeds the amount charged');

    const result = await refund(payment.pspChargeId, body.amountCents, `refund:${req.get('Idempotency-Key')}`);
    await recordRefund(pool, payment.id, result.id, body.amountCents, body.reason);
    logger.info({ paymentId: payment.id, amountCents: body.amountCents }, 'payment refunded');
    await reply(201, { paymentId: payment.id, refundId: result.id, status: result.status });
  });

  return router;
}
