import axios from 'axios';
import CircuitBreaker from 'opossum';
import { env } from '../config.js';
import { logger } from '../observability.js';

/**
 * HTTP client for the payments service, behind circuit breakers: when payments struggles,
 * checkouts fail fast instead of piling up. Every request carries an Idempotency-Key derived
 * from the order, so a retried charge or refund is applied once.
 */
const paymentsApi = axios.create({
  baseURL: env.PAYMENTS_URL,
  timeout: 2_000,
  headers: { accept: 'application/json' },
});

export interface ChargeRequest {
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
}

export interface Payment {
  id: string;
  status: 'succeeded' | 'failed';
  failureReason?: string;
}

export class PaymentDeclinedError extends Error {
  constructor(readonly reason: string) {
    super(`payment declined: ${reason}`);
  }
}

async function postCharge(request: ChargeRequest): Promise<Payment> {
  const response = await paymentsApi.post<Payment>('/payments', request, {
    headers: { 'Idempotency-Key': `order-${request.orderId}-charge` },
    validateStatus: (status) => status === 200 || status === 201 || status === 402,
  });
  if (response.status === 402) throw new PaymentDeclinedError(response.data.failureReason ?? 'declined');
  return response.data;
}

async function postRefund(paymentId: string, orderId: string, amountCents: number): Promise<void> {
  await paymentsApi.post(
    `/payments/${encodeURIComponent(paymentId)}/refunds`,
    { amountCents, reason: 'order_not_confirmed' },
    { headers: { 'Idempotency-Key': `order-${orderId}-refund` } },
  );
}

const breakerOptions: CircuitBreaker.Options = {
  timeout: 2_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeout: 15_000,
};

// A declined card is an answer, not a failure of the payments service: it must not open the circuit.
const chargeBreaker = new CircuitBreaker(postCharge, {
  ...breakerOptions,
  name: 'payments.charge',
  errorFilter: (err: unknown) => err instanceof PaymentDeclinedError,
});
const refundBreaker = new CircuitBreaker(postRefund, { ...breakerOptions, name: 'payments.refund' });

for (const breaker of [chargeBreaker, refundBreaker]) {
  breaker.on('open', () => logger.warn({ breaker: breaker.name }, 'circuit opened, payments calls fail fast'));
  breaker.on('close', () => logger.info({ breaker: breaker.name }, 'circuit closed'));
}

export function chargePayment(request: ChargeRequest): Promise<Payment> {
  return chargeBreaker.fire(request);
}

export function refundPayment(paymentId: string, orderId: string, amountCents: number): Promise<void> {
  return refundBreaker.fire(paymentId, orderId, amountCents);
}
