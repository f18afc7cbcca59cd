import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Router } from 'express';
import { createProxyMiddleware, type Options } from 'http-proxy-middleware';
import { env } from './config.js';
import { logger } from './observability.js';

/**
 * Public paths and the service behind each. The proxy gives up after 3 s; a service that
 * needs longer for a customer-facing request has a problem of its own.
 */
function forwarding(upstream: string): Options<IncomingMessage, ServerResponse> {
  return {
    changeOrigin: true,
    xfwd: true,
    proxyTimeout: 3_000,
    timeout: 3_000,
    on: {
      proxyReq: (proxyReq: ClientRequest, req: IncomingMessage) => {
        const requestId = req.headers['x-request-id'] ?? (req as IncomingMessage & { id?: unknown }).id;
        if (typeof requestId === 'string') proxyReq.setHeader('x-request-id', requestId);
      },
      error: (err: Error, _req: IncomingMessage, res: ServerResponse | Socket) => {
        logger.warn({ err, upstream }, 'upstream request failed');
        if (!('writeHead' in res) || res.headersSent) return;
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad gateway', upstream }));
      },
    },
  };
}

export function proxyRoutes(): Router {
  const router = Router();

  router.use(
    createProxyMiddleware({
      ...forwarding('users'),
      target: env.USERS_URL,
      pathFilter: '/api/users',
      pathRewrite: { '^/api/users': '/users' },
    }),
  );
  router.use(
    createProxyMiddleware({
      ...forwarding('orders'),
      target: env.ORDERS_URL,
      pathFilter: '/api/orders',
      pathRewrite: { '^/api/orders': '/orders' },
    }),
  );
  router.use(
    createProxyMiddleware({
      ...forwarding('inventory'),
      target: env.INVENTORY_URL,
      pathFilter: '/api/products',
      pathRewrite: { '^/api/products': '/products' },
    }),
  );
  // Customers only read shipping data; the warehouse app changes shipments from inside the cluster.
  router.use('/api/shipping', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    res.status(405).set('allow', 'GET, HEAD').json({ error: 'shipping is read-only through the public API' });
  });
  router.use(
    createProxyMiddleware({
      ...forwarding('shipping'),
      target: env.SHIPPING_URL,
      pathFilter: '/api/shipping',
      pathRewrite: { '^/api/shipping': '' },
    }),
  );
  router.use(
    createProxyMiddleware({
      ...forwarding('notifications'),
      target: env.NOTIFICATIONS_URL,
      pathFilter: '/api/notifications',
      pathRewrite: { '^/api/notifications': '/notifications' },
    }),
  );

  return router;
}
