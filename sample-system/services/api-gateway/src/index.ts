import type { ErrorRequestHandler } from 'express';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { authenticate } from './auth.js';
import { env } from './config.js';
import { dashboardRoutes } from './dashboard.js';
import { healthRouter } from './health.js';
import { httpLogger, logger } from './observability.js';
import { proxyRoutes } from './proxy-routes.js';

const app = express();
app.disable('x-powered-by');
// One ingress controller sits in front of the gateway; trust its X-Forwarded-For.
app.set('trust proxy', 1);

app.use(healthRouter());
app.use(httpLogger);
app.use(
  '/api',
  rateLimit({
    windowMs: 60_000,
    limit: env.RATE_LIMIT_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'too many requests, slow down' },
  }),
);
app.use('/api', authenticate);
app.use(dashboardRoutes());
app.use(proxyRoutes());
app.use((_req, res) => {
  res.status(404).json({ error: 'no such route' });
});

const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  req.log.error({ err }, 'unhandled error');
  res.status(500).json({ error: 'internal error' });
};
app.use(errorHandler);

const onListening = (): void => logger.info({ host: env.HOST ?? 'all interfaces', port: env.PORT }, 'api-gateway listening');
const server = env.HOST ? app.listen(env.PORT, env.HOST, onListening) : app.listen(env.PORT, onListening);

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 5_000).unref();
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
