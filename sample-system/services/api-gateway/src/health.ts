import { Router } from 'express';
import { SERVICE_NAME } from './observability.js';

/**
 * The gateway has no database or broker of its own, so it is ready as soon as it listens.
 * It deliberately does not check the services behind it: a struggling service must not take
 * every gateway pod out of rotation with it.
 */
export function healthRouter(): Router {
  const router = Router();
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok', service: SERVICE_NAME });
  });
  router.get('/health', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok', service: SERVICE_NAME, checks: {} });
  });
  return router;
}
