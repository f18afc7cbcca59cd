import { Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { profileKey, type ProfileCache } from '../cache.js';
import { logger } from '../observability.js';

const UnsubscribeQuery = z.object({
  token: z.uuid(),
});

const CONFIRMATION_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Unsubscribed</title></head>
  <body>
    <h1>You are unsubscribed</h1>
    <p>We will not send you marketing e-mails any more. Order and shipping e-mails still arrive.</p>
  </body>
</html>`;

/**
 * The "unsubscribe" link at the bottom of every marketing e-mail. It is a plain link, so it
 * arrives as a GET, and the handler writes on the spot. Mail scanners and link previews that
 * prefetch URLs unsubscribe people who never clicked.
 */
export function unsubscribeRouter(pool: pg.Pool, cache: ProfileCache): Router {
  const router = Router();

  router.get('/users/:id/unsubscribe', async (req, res) => {
    const { token } = UnsubscribeQuery.parse(req.query);
    const result = await pool.query(
      `UPDATE user_preferences
          SET marketing_emails = false, unsubscribed_at = now(), updated_at = now()
        WHERE user_id = $1 AND unsubscribe_token = $2`,
      [req.params.id, token],
    );
    if (result.rowCount === 0) {
      res.status(404).type('html').send('<p>This unsubscribe link is not valid.</p>');
      return;
    }
    await cache.invalidate(profileKey(req.params.id));
    logger.info({ userId: req.params.id }, 'user unsubscribed from marketing e-mails');
    res.type('html').send(CONFIRMATION_PAGE);
  });

  return router;
}
