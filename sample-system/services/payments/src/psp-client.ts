import { setTimeout as sleep } from 'node:timers/promises';
import axios from 'axios';
import CircuitBreaker from 'opossum';
import { env } from './config.js';
import { inSpan, logger } from './observability.js';

/**
 * Client for the payment service provider (PSP). Every call has a 2 s timeout, runs inside a
 * circuit breaker, and is retried with exponential backoff and jitter on transient failures.
 * Retrying a charge is safe because the PSP dedupes on our Idempotency-Key.
 */
const pspApi = axios.create({
  baseURL: env.PSP_URL,
  timeout: 2_000,
  headers: { authorization: `Bearer ${env.PSP_API_KEY}`, accept: 'application/json' },
});

export interface PspChargeRequest {
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  customerReference: string;
  description: string;
}

export interface PspCharge {
  id: string;
  status: 'succeeded' | 'declined';
  declineCode?: string;
}

export interface PspRefund {
  id: string;
  status: 'succeeded' | 'pending';
}

async function createCharge(request: PspChargeRequest): Promise<PspCharge> {
  const { idempotencyKey, ...body } = request;
  const { data } = await pspApi.post<PspCharge>('/v1/charges', body, { headers: { 'Idempotency-Key': idempotencyKey } });
  return data;
}

async function createRefund(chargeId: string, amountCents: number, idempotencyKey: string): Promise<PspRefund> {
  const { data } = await pspApi.post<PspRefund>(
    `/v1/charges/${encodeURIComponent(chargeId)}/refunds`,
    { amountCents },
    { headers: { 'Idempotency-Key': idempotencyKey } },
  );
  return data;
}

const breakerOptions: CircuitBreaker.Options = {
  timeout: 2_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  resetTimeout: 20_000,
};
const chargeBreaker = new CircuitBreaker(createCharge, { ...breakerOptions, name: 'psp.charge' });
const refundBreaker = new CircuitBreaker(createRefund, { ...breakerOptions, name: 'psp.refund' });
for (const breaker of [chargeBreaker, refundBreaker]) {
  breaker.on('open', () => logger.warn({ breaker: breaker.name }, 'circuit opened, PSP calls fail fast'));
  breaker.on('halfOpen', () => logger.info({ breaker: breaker.name }, 'circuit half-open, probing the PSP'));
  breaker.on('close', () => logger.info({ breaker: breaker.name }, 'circuit closed'));
}

function isTransient(err: unknown): boolean {
  if (err instanceof Error && (err as { code?: unknown }).code === 'EOPENBREAKER') return false;
  if (axios.isAxiosError(err)) return err.response === undefined || err.response.status >= 500 || err.response.status === 429;
  return err instanceof Error && (err as { code?: unknown }).code === 'ETIMEDOUT';
}

/** Up to three attempts, waiting 200 ms, then 400 ms (each with full jitter) in between. */
async function withBackoff<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
  const maxAttempts = 3;
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (err) {
      if (tries >= maxAttempts || !isTransient(err)) throw err;
      const delay = Math.random() * 200 * 2 ** (tries - 1);
      logger.warn({ err, operation, tries, delay: Math.round(delay) }, 'PSP call failed, backing off');
      await sleep(delay);
    }
  }
}

export function charge(request: PspChargeRequest): Promise<PspCharge> {
  return inSpan('psp.charge', { 'shop.amount_cents': request.amountCents, 'shop.currency': request.currency }, () =>
    withBackoff('charge', () => chargeBreaker.fire(request)),
  );
}

export function refund(chargeId: string, amountCents: number, idempotencyKey: string): Promise<PspRefund> {
  return inSpan('psp.refund', { 'shop.psp_charge_id': chargeId }, () =>
    withBackoff('refund', () => refundBreaker.fire(chargeId, amountCents, idempotencyKey)),
  );
}
