import type pg from 'pg';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

export interface Payment {
  id: string;
  orderId: string;
  userId: string;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  pspChargeId: string | null;
  failureReason: string | null;
  createdAt: string;
}

const PAYMENT_COLUMNS = `
  id, order_id AS "orderId", user_id AS "userId", amount_cents AS "amountCents", currency, status,
  psp_charge_id AS "pspChargeId", failure_reason AS "failureReason", created_at AS "createdAt"`;

export async function insertPendingPayment(
  pool: pg.Pool,
  payment: Pick<Payment, 'orderId' | 'userId' | 'amountCents' | 'currency'>,
): Promise<Payment> {
  const { rows } = await pool.query<Payment>(
    `INSERT INTO payments (order_id, user_id, amount_cents, currency, status)
     VALUES ($1, $2, $3, $4, 'pending')
     RETURNING ${PAYMENT_COLUMNS}`,
    [payment.orderId, payment.userId, payment.amountCents, payment.currency],
  );
  return rows[0]!;
}

export async function recordOutcome(
  pool: pg.Pool,
  id: string,
  outcome: { status: 'succeeded' | 'failed'; pspChargeId: string | null; failureReason: string | null },
): Promise<Payment> {
  const { rows } = await pool.query<Payment>(
    `UPDATE payments SET status = $2, psp_charge_id = $3, failure_reason = $4, updated_at = now()
      WHERE id = $1
      RETURNING ${PAYMENT_COLUMNS}`,
    [id, outcome.status, outcome.pspChargeId, outcome.failureReason],
  );
  return rows[0]!;
}

export async function findPayment(pool: pg.Pool, id: string): Promise<Payment | null> {
  const { rows } = await pool.query<Payment>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function recordRefund(pool: pg.Pool, paymentId: string, pspRefundId: string, amountCents: number, reason: string): Promise<void> {
  await pool.query(
    `INSERT INTO refunds (payment_id, psp_refund_id, amount_cents, reason) VALUES ($1, $2, $3, $4)`,
    [paymentId, pspRefundId, amountCents, reason],
  );
  await pool.query(`UPDATE payments SET status = 'refunded', updated_at = now() WHERE id = $1`, [paymentId]);
}
