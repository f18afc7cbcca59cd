import type { Server } from 'node:http';
import type { ErrorRequestHandler, Express } from 'express';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from './db.js';
import { SERVICE_NAME, logger } from './observability.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ZodError) {
    res.status(400).json({ error: 'invalid request', issues: err.issues });
    return;
  }
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message });
    return;
  }
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err }, 'postgres unavailable');
    res.status(503).set('retry-after', '5').json({ error: 'dependency unavailable', service: SERVICE_NAME, dependency: 'postgres' });
    return;
  }
  req.log.error({ err }, 'unhandled error');
  res.status(500).json({ error: 'internal error' });
};

type Cleanup = () => Promise<unknown>;

/** Listens on `host:port` and shuts down cleanly on SIGTERM/SIGINT (Kubernetes sends SIGTERM). */
export function serve(app: Express, host: string | undefined, port: number, cleanups: Cleanup[]): Server {
  const onListening = (): void => logger.info({ host: host ?? 'all interfaces', port }, `${SERVICE_NAME} listening`);
  const server = host ? app.listen(port, host, onListening) : app.listen(port, onListening);
  let stopping = false;

  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    server.close(() => {
      Promise.allSettled(cleanups.map((cleanup) => cleanup())).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };

  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  return server;
}
