import { Router, type Request } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { HttpError } from '../server.js';

const ListQuery = z.object({
  limit: z.coerce.number().int().positive().max(100).default(20),
  unreadOnly: z.enum(['true', 'false']).default('false'),
});

function callerId(req: Request): string {
  const userId = req.get('x-user-id');
  if (!userId) throw new HttpError(401, 'x-user-id header missing');
  return userId;
}

/** The customer's in-app inbox. */
export function notificationsRouter(pool: pg.Pool): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const { limit, unreadOnly } = ListQuery.parse(req.query);
    const { rows } = await pool.query(
      `SELECT id, kind, title, body, created_at AS "createdAt", read_at AS "readAt"
         FROM notifications
        WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
        ORDER BY created_at DESC LIMIT $3`,
      [callerId(req), unreadOnly === 'true', limit],
    );
    res.json(rows);
  });

  router.get('/notifications/unread-count', async (req, res) => {
    const { rows } = await pool.query<{ unread: number }>(
      `SELECT count(*)::int AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [callerId(req)],
    );
    res.json({ unread: rows[0]?.unread ?? 0 });
  });

  /** Marking as read twice keeps the first read time. */
  router.put('/notifications/:id/read', async (req, res) => {
    const { rows } = await pool.query<{ readAt: string }>(
      `UPDATE notifications SET read_at = COALESCE(read_at, now())
        WHERE id = $1 AND user_id = $2
        RETURNING read_at AS "readAt"`,
      [req.params.id, callerId(req)],
    );
    if (!rows[0]) throw new HttpError(404, 'notification not found');
    res.json({ id: req.params.id, readAt: rows[0].readAt });
  });

  return router;
}
