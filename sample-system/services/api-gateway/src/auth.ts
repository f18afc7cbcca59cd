import type { RequestHandler } from 'express';
import { errors, jwtVerify } from 'jose';
import { env } from './config.js';

/**
 * Customers sign in at the hosted identity provider, which issues HS256 access tokens for
 * the `shop-api` audience. The gateway checks them and hands the subject to the services
 * in `x-user-id`; services trust that header because only the gateway is exposed.
 */
const PUBLIC_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'GET', path: /^\/api\/products(\/.*)?$/ },
  { method: 'GET', path: /^\/api\/shipping\/carriers$/ },
  { method: 'GET', path: /^\/api\/users\/[^/]+\/unsubscribe$/ },
];

const key = new TextEncoder().encode(env.JWT_SECRET);

function isPublic(method: string, path: string): boolean {
  return PUBLIC_ROUTES.some((route) => route.method === method && route.path.test(path));
}

export const authenticate: RequestHandler = async (req, res, next) => {
  // Never let a client choose its own identity.
  delete req.headers['x-user-id'];
  // Mounted under /api: baseUrl + path is the full public path.
  if (isPublic(req.method, req.baseUrl + req.path)) {
    next();
    return;
  }

  const header = req.get('authorization');
  if (!header?.startsWith('Bearer ')) {
    res.status(401).set('www-authenticate', 'Bearer').json({ error: 'missing bearer token' });
    return;
  }

  try {
    const { payload } = await jwtVerify(header.slice('Bearer '.length), key, {
      algorithms: ['HS256'],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    });
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new errors.JWTClaimValidationFailed('sub missing', payload, 'sub');
    req.headers['x-user-id'] = payload.sub;
    res.locals.userId = payload.sub;
    next();
  } catch (err) {
    const reason = err instanceof errors.JWTExpired ? 'token expired' : 'invalid token';
    req.log.info({ err }, 'rejected token');
    res.status(401).set('www-authenticate', `Bearer error="invalid_token"`).json({ error: reason });
  }
};
