import express from 'express';
import { ProfileCache } from './cache.js';
import { env } from './config.js';
import { checkPostgres, createPool } from './db.js';
import { healthRouter } from './health.js';
import { httpLogger } from './observability.js';
import { unsubscribeRouter } from './routes/unsubscribe.js';
import { usersRouter } from './routes/users.js';
import { errorHandler, serve } from './server.js';

const pool = createPool(env.DATABASE_URL);
const cache = new ProfileCache(env.REDIS_URL, env.PROFILE_CACHE_TTL_SECONDS);

const app = express();
app.disable('x-powered-by');
app.use(healthRouter({ postgres: () => checkPostgres(pool), redis: () => cache.check() }));
app.use(httpLogger);
app.use(express.json({ limit: '64kb' }));
app.use(usersRouter(pool, cache));
app.use(unsubscribeRouter(pool, cache));
app.use(errorHandler);

serve(app, env.HOST, env.PORT, [() => pool.end(), () => cache.close()]);
