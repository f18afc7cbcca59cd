import { Router } from 'express';
import { SERVICE_NAME } from './observability.js';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs?: number;
  error?: string;
  /** A non-critical dependency being down degrades the service but keeps it ready. */
  critical?: boolean;
}

export type HealthCheck = () => Promise<DependencyStatus>;

const CHECK_DEADLINE_MS = 1_500;

async function runCheck(check: HealthCheck): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<DependencyStatus>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', error: `no answer within ${CHECK_DEADLINE_MS} ms` }), CHECK_DEADLINE_MS);
  });
  try {
    return await Promise.race([check(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health/live` answers as long as the process serves HTTP (liveness probe);
 * `/health` checks every dependency and answers 503 when a critical one is down (readiness probe).
 */
export function healthRouter(checks: Record<string, HealthCheck>): Router {
  const router = Router();

  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok', service: SERVICE_NAME });
  });

  router.get('/health', async (_req, res) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => runCheck(checks[name]!)));
    const report: Record<string, DependencyStatus> = {};
    names.forEach((name, index) => {
      report[name] = results[index]!;
    });
    const ready = results.every((result) => result.status === 'up' || result.critical === false);
    res
      .status(ready ? 200 : 503)
      .set('cache-control', 'no-store')
      .json({ status: ready ? 'ok' : 'unavailable', service: SERVICE_NAME, checks: report });
  });

  return router;
}
