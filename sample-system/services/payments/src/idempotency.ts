import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type pg from 'pg';
import { logger } from './observability.js';

interface StoredResponse {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
}

export interface IdempotentReply {
  (status: number, body: unknown): Promise<void>;
}

declare module 'express-serve-static-core' {
  interface Locals {
    reply?: IdempotentReply;
  }
}

/**
 * Requires an `Idempotency-Key` header on mutating payment requests and makes them safe to
 * retry: the first request with a key runs, its response is stored, and every later request
 * with the same key gets the stored response back instead of charging twice.
 */
export function idempotent(pool: pg.Pool, scope: string): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 255) {
      res.status(400).json({ error: 'an Idempotency-Key header (at most 255 characters) is required' });
      return;
    }
    const requestHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');

    const claimed = await pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, requestHash],
    );

    if (claimed.rowCount === 0) {
      const { rows } = await pool.query<StoredResponse>(
        `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      const stored = rows[0];
      if (!stored) {
        res.status(409).json({ error: 'idempotency key expired while in use, retry' });
      } else if (stored.request_hash !== requestHash) {
        res.status(422).json({ error: 'this Idempotency-Key was used for a different request' });
      } else if (stored.response_status === null) {
        res.status(409).set('retry-after', '1').json({ error: 'a request with this Idempotency-Key is still in progress' });
      } else {
        res.status(stored.response_status).set('idempotent-replayed', 'true').json(stored.response_body);
      }
      return;
    }

    res.locals.reply = async (status, body) => {
      await pool.query(
        `UPDATE idempotency_keys SET response_status = $3, response_body = $4, completed_at = now()
          WHERE scope = $1 AND key = $2`,
        [scope, key, status, JSON.stringify(body)],
      );
      res.status(status).json(body);
    };

    // A request that dies without a stored answer frees its key so the client can try again.
    res.on('finish', () => {
      if (res.statusCode < 500) return;
      pool
        .query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response_status IS NULL`, [scope, key])
        .catch((err: unknown) => logger.error({ err, scope, key }, 'could not free idempotency key'));
    });
    next();
  };
}

export function replyOnce(res: Response): IdempotentReply {
  const reply = res.locals.reply;
  if (!reply) throw new Error('route is not behind the idempotent() middleware');
  return reply;
}
